// The renderer's one door to ../../contract. Types come from the whole contract; runtime
// values only from the zod-free files (domain, errors, command-names): contract/commands.ts
// builds zod schemas at module load, and importing it at run time would ship zod to the
// renderer for checks that main already makes at the trust boundary.

export type {
  Account,
  AccountStatus,
  Attachment,
  AttachmentLimits,
  Call,
  CallEndReason,
  CallMedia,
  CallMediaSignal,
  CallParticipant,
  CallPhase,
  CallRecord,
  SaveResult,
  Capabilities,
  ConnectionState,
  Conversation,
  ConversationChanges,
  ConversationKind,
  GroupType,
  Id,
  LanguageChoice,
  Message,
  MessagePreview,
  NotificationRequest,
  Settings,
  TextSize,
  ThemeChoice,
  MemberReceipt,
  MessageStatus,
  Page,
  Presence,
  ProtocolId,
  ProtocolInfo,
  Receipt,
  SignInField,
  SystemEvent,
  TypingState,
  User,
} from '../../contract/domain';
export type { ArgumentIssue, ErrorCode, ParleyErrorData, Result } from '../../contract/errors';
export type { ArgsOf, Credentials, SessionInfo } from '../../contract/commands';
export type { EventName, EventPayload, ParleyEvent, ParleyEvents } from '../../contract/events';
export type { ParleyApi } from '../../contract/api';
export type { FirstPages } from '../../contract/first-screen';

export { CALL_RING_MS, MAX_CALL_PARTICIPANTS, compareIds, conversationRef, messageKey, parseConversationRef } from '../../contract/domain';
export { DEFAULT_SETTINGS, TEXT_SCALE, TEXT_SIZES, THEME_CHOICES } from '../../contract/domain';
export { isTransient } from '../../contract/errors';
export { MAX_MESSAGE_LENGTH } from '../../contract/command-names';
export { ACCESS_KEY_HEADER, FIRST_SCREEN_PATH } from '../../contract/first-screen';
