// What the UI offers: admin controls for the owner only, each menu item only where the
// protocol has it, block for a direct conversation's peer; who a request is from.
import { describe, expect, it } from 'vitest';
import type { Capabilities, Conversation } from '../../contract';
import { CAPABILITIES } from '../../testing/harness';
import { blockedPeer, conversationActions, requestFrom } from './conversation-actions';

const ALL: Capabilities = { ...CAPABILITIES, groups: true, groupAdmin: true, mute: true, pin: true, block: true, clearHistory: true, messageRequests: true };
const group = (over: Partial<Conversation> = {}) => ({ kind: 'group' as const, ownerId: 'alice', ...over });
const direct = (over: Partial<Conversation> = {}) => ({ kind: 'direct' as const, peerId: 'bob', ...over });

describe('conversationActions', () => {
  it('gives the owner the admin controls, and a member none', () => {
    expect(conversationActions(group(), ALL, 'alice').manage).toBe(true);
    const member = conversationActions(group(), ALL, 'bob');
    expect(member.manage).toBe(false);
    // Everyone may still open the panel, leave and delete their copy.
    expect(member).toMatchObject({ members: true, leave: true, clearHistory: true });
  });

  it('hides the admin controls where the protocol has no group admin, and while the group is a request', () => {
    expect(conversationActions(group(), { ...ALL, groupAdmin: false }, 'alice').manage).toBe(false);
    expect(conversationActions(group({ request: true }), ALL, 'alice').manage).toBe(false);
    expect(conversationActions(group({ ownerId: undefined }), ALL, 'alice').manage).toBe(false);
    expect(conversationActions(group(), ALL, undefined).manage).toBe(false);
  });

  it('offers each menu item only where the capabilities allow', () => {
    const none = conversationActions(direct(), CAPABILITIES, 'alice');
    expect(none).toEqual({ members: false, manage: false, leave: false, clearHistory: false, mute: false, pin: false, block: null, nudge: false });
    const all = conversationActions(direct(), ALL, 'alice');
    expect(all).toMatchObject({ mute: true, pin: true, clearHistory: true, leave: false, members: false, block: { userId: 'bob', blocked: false } });
  });

  it('offers a nudge where the protocol has one, except in a request, a read-only conversation or with a blocked peer', () => {
    const can = { ...ALL, nudge: true };
    expect(conversationActions(direct(), can, 'alice').nudge).toBe(true);
    expect(conversationActions(group(), can, 'alice').nudge).toBe(true);
    expect(conversationActions(direct(), ALL, 'alice').nudge).toBe(false);
    expect(conversationActions(direct({ request: true }), can, 'alice').nudge).toBe(false);
    expect(conversationActions(group({ permissions: { send: false } }), can, 'alice').nudge).toBe(false);
    expect(conversationActions(direct({ blockedUserIds: ['bob'] }), can, 'alice').nudge).toBe(false);
  });

  it('blocks a direct conversation’s peer (not a group’s members from the menu), and knows when the peer is blocked', () => {
    expect(conversationActions(group(), ALL, 'alice').block).toBeNull();
    expect(conversationActions(direct({ blockedUserIds: ['bob'] }), ALL, 'alice').block).toEqual({ userId: 'bob', blocked: true });
    expect(blockedPeer(direct({ blockedUserIds: ['bob'] }))).toBe('bob');
    // I was blocked (the peer blocked me): no banner on my side; my sends fail with the server's reason.
    expect(blockedPeer(direct({ blockedUserIds: ['alice'] }))).toBeNull();
    expect(blockedPeer(group({ blockedUserIds: ['bob'] }))).toBeNull();
  });
});

describe('requestFrom', () => {
  it('is the peer of a direct conversation', () => {
    expect(requestFrom(direct(), [], 'alice')).toBe('bob');
  });

  it('is whoever added me to a group, else its creator, else its owner', () => {
    const created = { senderId: 'dan', system: { action: 'created' as const, actorId: 'dan', title: 'x' } };
    const addedMe = { senderId: 'carol', system: { action: 'members-added' as const, actorId: 'carol', userIds: ['alice'] } };
    const addedOther = { senderId: 'dan', system: { action: 'members-added' as const, actorId: 'dan', userIds: ['eve'] } };
    expect(requestFrom(group({ ownerId: 'owner' }), [created, addedMe, addedOther], 'alice')).toBe('carol');
    expect(requestFrom(group({ ownerId: 'owner' }), [created], 'alice')).toBe('dan');
    expect(requestFrom(group({ ownerId: 'owner' }), [], 'alice')).toBe('owner');
  });
});
