// Shown while the user reads further up: back to the newest message, with how many
// arrived below since they left the bottom.

import { t } from '../../i18n';
import { ChevronDownIcon } from '../common/icons';

export function JumpToNewest({ count, onJump }: { count: number; onJump: () => void }) {
  const label = count > 0 ? t('history.jumpNewCount', { count }) : t('history.jump');
  return (
    <button type="button" className="jump-to-newest" data-testid="jump-to-newest" data-count={count} onClick={onJump} aria-label={label} title={label}>
      <ChevronDownIcon width={18} height={18} />
      {count > 0 && (
        <span className="jump-to-newest__count" data-testid="jump-to-newest-count">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </button>
  );
}
