import type { ReactNode } from 'react';
import type { MessageStatus as Status } from '../../contract';
import { t, type MessageKey } from '../../i18n';
import { AlertIcon, CheckIcon, ClockIcon, DoubleCheckIcon } from '../common/icons';

const VIEW: Record<Status, { label: MessageKey; icon: ReactNode; visibleLabel: boolean }> = {
  queued: { label: 'message.status.queued', icon: <ClockIcon width={14} height={14} />, visibleLabel: true },
  sending: { label: 'message.status.sending', icon: <ClockIcon width={14} height={14} />, visibleLabel: false },
  sent: { label: 'message.status.sent', icon: <CheckIcon width={15} height={15} />, visibleLabel: false },
  delivered: { label: 'message.status.delivered', icon: <DoubleCheckIcon width={17} height={15} />, visibleLabel: false },
  read: { label: 'message.status.read', icon: <DoubleCheckIcon width={17} height={15} />, visibleLabel: false },
  failed: { label: 'message.status.failed', icon: <AlertIcon width={14} height={14} />, visibleLabel: true },
};

/** Ticks on your own messages; the word is always there for screen readers (and tests). */
export function MessageStatus({ status }: { status: Status }) {
  const view = VIEW[status];
  return (
    <span className={`message-status message-status--${status}`} data-testid="message-status" title={t(view.label)}>
      {view.icon}
      <span className={view.visibleLabel ? undefined : 'visually-hidden'}>{t(view.label)}</span>
    </span>
  );
}
