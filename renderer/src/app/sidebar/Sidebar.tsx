import { AccountBar } from './AccountBar';
import { AccountFilter } from './AccountFilter';
import { ConnectionIndicator } from './ConnectionIndicator';
import { ConversationList } from './ConversationList';
import './sidebar.css';

export function Sidebar() {
  return (
    <aside className="sidebar">
      <AccountBar />
      <ConnectionIndicator />
      <AccountFilter />
      <ConversationList />
    </aside>
  );
}
