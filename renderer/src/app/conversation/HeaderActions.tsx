// The buttons at the right of the conversation header: the call buttons (where the account
// can call), the member panel's toggle (groups) and the conversation menu.

import { Suspense } from 'react';
import { useParley } from '../../client/ClientProvider';
import type { Conversation } from '../../contract';
import { t } from '../../i18n';
import { userName } from '../../store/names';
import { lazyNamed } from '../common/lazy';
import { UsersIcon } from '../common/icons';
import { conversationActions } from './conversation-actions';
import { ConversationMenu } from './ConversationMenu';
import './groups.css';

// The call buttons bring the call session (renderer/src/calls/) with them: their own chunk,
// which the chat screen's CallLayer has usually loaded by the time a conversation is open.
const CallButtons = lazyNamed(() => import('../calls/CallButtons').then((m) => m.CallButtons));

export function HeaderActions({ conversation: c, conversationRef }: { conversation: Conversation; conversationRef: string }) {
  const status = useParley((s) => s.accounts[c.accountId]);
  const panelOpen = useParley((s) => s.memberPanelOpen);
  const setPanelOpen = useParley((s) => s.setMemberPanelOpen);
  const peerName = useParley((s) => (c.peerId ? userName(s, c.accountId, c.peerId, c) : null)) ?? t('user.someone');
  if (!status) return null;
  const actions = conversationActions(c, status.capabilities, status.account.userId);
  return (
    <div className="conversation-header__actions">
      <Suspense fallback={null}>
        <CallButtons conversation={c} capabilities={status.capabilities} />
      </Suspense>
      {actions.members && (
        <button
          type="button"
          className="icon-button"
          data-testid="members-toggle"
          aria-pressed={panelOpen}
          aria-label={t('members.toggle')}
          title={t('members.toggle')}
          onClick={() => setPanelOpen(!panelOpen)}
        >
          <UsersIcon />
        </button>
      )}
      <ConversationMenu conversation={c} conversationRef={conversationRef} actions={actions} peerName={peerName} />
    </div>
  );
}
