import { AccountBar } from './AccountBar';
import { ConnectionIndicator } from './ConnectionIndicator';
import { ConversationList } from './ConversationList';
import './sidebar.css';

export function Sidebar() {
  return (
    <aside className="sidebar">
      <AccountBar />
      <ConnectionIndicator />
      <ConversationList />
    </aside>
  );
}
