// The line at the top of a thread's loaded window: older messages loading, the server
// could not be reached (try again), or the very beginning of the conversation.

import { t } from '../../i18n';
import type { ThreadHistory } from '../../store/historySlice';

export function ThreadEdge({ history, onRetry }: { history: ThreadHistory; onRetry: () => void }) {
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
