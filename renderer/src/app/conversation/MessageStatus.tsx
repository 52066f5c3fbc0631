import type { ReactNode } from 'react';
import { useParley } from '../../client/ClientProvider';
import type { MessageStatus as Status } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import { userName } from '../../store/names';
import { AlertIcon, CheckIcon, ClockIcon, DoubleCheckIcon } from '../common/icons';
import '../common/activity.css';

const VIEW: Record<Status, { label: MessageKey; icon: ReactNode; visibleLabel: boolean }> = {
  queued: { label: 'message.status.queued', icon: <ClockIcon width={14} height={14} />, visibleLabel: true },
  sending: { label: 'message.status.sending', icon: <ClockIcon width={14} height={14} />, visibleLabel: false },
  sent: { label: 'message.status.sent', icon: <CheckIcon width={15} height={15} />, visibleLabel: false },
  delivered: { label: 'message.status.delivered', icon: <DoubleCheckIcon width={17} height={15} />, visibleLabel: false },
  read: { label: 'message.status.read', icon: <DoubleCheckIcon width={17} height={15} />, visibleLabel: false },
  failed: { label: 'message.status.failed', icon: <AlertIcon width={14} height={14} />, visibleLabel: true },
};

interface Props {
  status: Status;
  /** Groups: who saw the message. The count is written out where `showSeenBy`, the names are in the title. */
  seenBy?: readonly string[];
  showSeenBy?: boolean;
  accountId?: string;
}

/** Ticks on your own messages; the word is always there for screen readers (and tests). */
export function MessageStatus({ status, seenBy, showSeenBy = false, accountId }: Props) {
  if (seenBy && seenBy.length > 0 && accountId) return <SeenStatus status={status} seenBy={seenBy} visible={showSeenBy} accountId={accountId} />;
  const view = VIEW[status];
  return (
    <span className={`message-status message-status--${status}`} data-testid="message-status" title={t(view.label)}>
      {view.icon}
      <span className={view.visibleLabel ? undefined : 'visually-hidden'}>{t(view.label)}</span>
    </span>
  );
}

/** The ticks and "Seen by 2", with who saw it in the tooltip (and for screen readers). */
function SeenStatus({ status, seenBy, visible, accountId }: { status: Status; seenBy: readonly string[]; visible: boolean; accountId: string }) {
  const users = useParley((s) => s.users);
  const accounts = useParley((s) => s.accounts);
  const view = VIEW[status];
  const names = seenBy.map((id) => userName({ users, accounts }, accountId, id) ?? t('conversation.typingSomeone')).join(', ');
  const full = t('message.status.seenByNames', { names });
  return (
    <span className={`message-status message-status--${status}`} data-testid="message-status" data-seen-by={seenBy.length} title={full}>
      {view.icon}
      <span className="visually-hidden">{t(view.label)}</span>
      <span className={visible ? 'message-status__seen-by' : 'visually-hidden'} data-testid="message-seen-by" aria-label={full}>
        {t('message.status.seenBy', { count: seenBy.length })}
      </span>
    </span>
  );
}
