// The group object as ONE member sees it (server/PROTOCOL.md, Objects): every ack and push
// that carries a group is built here, for its viewer. What differs per viewer, and why:
// - unread_cnt: messages from others after the viewer's seen and cleared marks;
// - muted_uins / pinned_uins: [viewer] or []: one user's mute or pin is nobody else's business;
// - received_list / seen_list: every member's marks, except those of members whose request
//   is pending (a stranger learns nothing from someone who has not accepted), the viewer's own kept;
// - status_list: presence of the members the viewer may see (presence peers), else left out;
// - accepted: false while the group is a message request for the viewer;
// - last_message_id / last_message: null when the viewer cleared the conversation up to it.

import { compareIds } from '../id-format';
import type { UserStore } from '../users';
import { OnlineStatus } from '../presence';
import type { GroupRecord, GroupStore } from './group-store';
import type { MemberState, MemberStore } from './member-store';
import { messageToWire, type WireGroup, type WireMark, type WireStatus } from './wire-objects';

export interface PresenceLookup {
  /** s since the user came online, or undefined while offline. */
  onlineSince(uin: string): number | undefined;
}

export interface GroupViewDeps {
  groups: GroupStore;
  members: MemberStore;
  users: UserStore;
  presence: PresenceLookup;
}

/** What every viewer of one group shares: read once per group, not once per viewer. */
interface SharedState {
  states: MemberState[];
  blocked: string[];
}

export class GroupViews {
  constructor(private readonly deps: GroupViewDeps) {}

  /** The group as `viewer` sees it. */
  view(group: GroupRecord, viewer: string): WireGroup {
    return this.build(group, viewer, this.shared(group));
  }

  /** The group as each of `viewers` sees it. */
  viewsFor(group: GroupRecord, viewers: readonly string[]): Array<{ uin: string; group: WireGroup }> {
    const shared = this.shared(group);
    return viewers.map((uin) => ({ uin, group: this.build(group, uin, shared) }));
  }

  private shared(group: GroupRecord): SharedState {
    return { states: this.deps.members.states(group.groupId), blocked: this.deps.members.blocked(group.groupId) };
  }

  private build(group: GroupRecord, viewer: string, shared: SharedState): WireGroup {
    const me = shared.states.find((s) => s.uin === viewer);
    const cleared = me?.clearedId ?? null;
    const lastHidden = cleared !== null && (group.lastMessageId === null || compareIds(group.lastMessageId, cleared) <= 0);
    const marksShown = shared.states.filter((s) => s.accepted || s.uin === viewer);
    const statusList = this.statusList(group, viewer);
    return {
      group_id: group.groupId,
      type: group.type,
      name: group.name,
      avatar_url: group.avatarUrl,
      owner_uin: group.ownerUin,
      creator_uin: group.creatorUin,
      occupants_uins: [...group.occupants],
      created_at: group.createdAt,
      updated_at: group.updatedAt,
      last_message_id: lastHidden ? null : group.lastMessageId,
      last_message: lastHidden || !group.lastMessage ? null : messageToWire(group.lastMessage, { ...group, marks: shared.states }),
      unread_cnt: me ? this.deps.members.unreadCount(group.groupId, me) : 0,
      muted_uins: me?.muted ? [viewer] : [],
      pinned_uins: me?.pinned ? [viewer] : [],
      blocked_uins: [...shared.blocked],
      removed_uins: [],
      received_list: marks(marksShown, (s) => s.receivedId),
      seen_list: marks(marksShown, (s) => s.seenId),
      ...(statusList.length > 0 ? { status_list: statusList } : {}),
      accepted: me ? me.accepted : true,
    };
  }

  /** The members (not the viewer) whose presence the viewer may see. */
  private statusList(group: GroupRecord, viewer: string): WireStatus[] {
    const others = group.occupants.filter((uin) => uin !== viewer);
    if (others.length === 0) return [];
    const peers = new Set(this.deps.groups.presencePeers(viewer));
    return others
      .filter((uin) => peers.has(uin))
      .map((uin) => {
        const since = this.deps.presence.onlineSince(uin);
        return since === undefined
          ? { uin, online_status: OnlineStatus.offline, message_status: '', last_seen_at: this.deps.users.lastSeenAt(uin) ?? 0 }
          : { uin, online_status: OnlineStatus.online, message_status: '', last_seen_at: since };
      });
  }
}

function marks(states: MemberState[], mark: (s: MemberState) => string | null): WireMark[] {
  const list: WireMark[] = [];
  for (const s of states) {
    const id = mark(s);
    if (id !== null) list.push({ uin: s.uin, message_id: id });
  }
  return list;
}

/**
 * Whether the group shows in `state`'s list_group (the same rule as GroupStore.listForUser):
 * someone else's group only once it has a message, and not while the member's cleared mark
 * covers its latest message.
 */
export function isVisibleTo(group: Pick<GroupRecord, 'creatorUin' | 'lastMessageId'>, state: MemberState): boolean {
  if (group.creatorUin !== state.uin && group.lastMessageId === null) return false;
  if (state.clearedId === null) return true;
  return group.lastMessageId !== null && compareIds(group.lastMessageId, state.clearedId) > 0;
}
