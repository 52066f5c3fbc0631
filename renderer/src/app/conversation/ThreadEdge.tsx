// The line at the top of a thread's loaded window: older messages loading, the server
// could not be reached (try again), or the very beginning of the conversation; for a
// protocol without server history, where the older messages are instead.

import { t } from '../../i18n';
import type { ThreadHistory } from '../../store/historySlice';

/** "Older messages are on Mingdao's web app.": quiet, at the top of the thread. */
export function HistoryElsewhere({ protocol }: { protocol: string }) {
  return (
    <p className="thread-edge thread-edge--elsewhere" data-testid="history-elsewhere">
      {t('history.elsewhere', { protocol })}
    </p>
  );
}

export function ThreadEdge({
  history,
  historyElsewhere,
  onRetry,
}: {
  history: ThreadHistory;
  /** The protocol's label, where it has no server history: its web app has the older messages. */
  historyElsewhere?: string | null;
  onRetry: () => void;
}) {
  if (history.loading === 'older') {
    return (
      <p className="thread-edge" data-testid="history-loading" role="status">
        {t('history.loading')}
      </p>
    );
  }
  if (history.failed) {
    return (
      <p className="thread-edge" data-testid="history-failed" role="status">
        {t('history.failed')}{' '}
        <button type="button" className="button button--small" onClick={onRetry}>
          {t('history.retry')}
        </button>
      </p>
    );
  }
  if (history.older === 'none' && historyElsewhere) return <HistoryElsewhere protocol={historyElsewhere} />;
  if (history.older === 'none') {
    return (
      <p className="thread-edge thread-edge--beginning" data-testid="history-beginning">
        {t('history.beginning')}
      </p>
    );
  }
  // More above: room for the loading line, so that it appearing moves nothing.
  return <p className="thread-edge" aria-hidden="true" />;
}
