// AZStack groups (schema migration 10): type 0 private or 1 public, one admin, members who
// each see the group's messages from the event that added them on.

import type { Db, Statement } from '../db';

export const GROUP_PRIVATE = 0;
export const GROUP_PUBLIC = 1;
/** Most members a group may have, and most groups a list answers with. */
export const GROUP_MEMBER_LIMIT = 500;
export const GROUP_LIST_LIMIT = 500;

export interface AzGroup {
  groupId: number;
  type: number;
  name: string;
  admin: number;
  created: number;
}

const n = (v: unknown): number => Number(v);

function toGroup(r: Record<string, unknown>): AzGroup {
  return { groupId: n(r.group_id), type: n(r.type), name: r.name as string, admin: n(r.admin), created: n(r.created) };
}

export class AzstackGroups {
  private readonly q: Record<string, Statement>;

  constructor(db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      create: p('INSERT INTO azstack_groups (type, name, admin, created) VALUES (?, ?, ?, ?) RETURNING *'),
      get: p('SELECT * FROM azstack_groups WHERE group_id = ?'),
      members: p(`SELECT az_id FROM azstack_members WHERE group_id = ? ORDER BY joined_seq, az_id LIMIT ${GROUP_MEMBER_LIMIT}`),
      isMember: p('SELECT 1 FROM azstack_members WHERE group_id = ? AND az_id = ?'),
      add: p('INSERT INTO azstack_members (group_id, az_id, joined_seq) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      remove: p('DELETE FROM azstack_members WHERE group_id = ? AND az_id = ?'),
      rename: p('UPDATE azstack_groups SET name = ? WHERE group_id = ?'),
      setAdmin: p('UPDATE azstack_groups SET admin = ? WHERE group_id = ?'),
      ofUser: p(
        `SELECT g.* FROM azstack_groups g JOIN azstack_members m ON m.group_id = g.group_id
         WHERE m.az_id = ? ORDER BY g.group_id LIMIT ${GROUP_LIST_LIMIT}`,
      ),
      publicGroups: p(`SELECT * FROM azstack_groups WHERE type = 1 ORDER BY group_id DESC LIMIT ${GROUP_LIST_LIMIT}`),
      count: p('SELECT count(*) AS n FROM azstack_members WHERE group_id = ?'),
    };
  }

  create(type: number, name: string, admin: number, created: number): AzGroup {
    return toGroup(this.q.create!.get(type, name, admin, created) as Record<string, unknown>);
  }

  get(groupId: number): AzGroup | null {
    if (!Number.isSafeInteger(groupId) || groupId <= 0) return null;
    const row = this.q.get!.get(groupId) as Record<string, unknown> | undefined;
    return row ? toGroup(row) : null;
  }

  members(groupId: number): number[] {
    return (this.q.members!.all(groupId) as Array<{ az_id: bigint }>).map((r) => n(r.az_id));
  }

  count(groupId: number): number {
    return n((this.q.count!.get(groupId) as { n: bigint }).n);
  }

  isMember(groupId: number, azId: number): boolean {
    return this.q.isMember!.get(groupId, azId) !== undefined;
  }

  add(groupId: number, azId: number, joinedSeq: number): void {
    this.q.add!.run(groupId, azId, joinedSeq);
  }

  remove(groupId: number, azId: number): void {
    this.q.remove!.run(groupId, azId);
  }

  rename(groupId: number, name: string): void {
    this.q.rename!.run(name, groupId);
  }

  setAdmin(groupId: number, azId: number): void {
    this.q.setAdmin!.run(azId, groupId);
  }

  ofUser(azId: number): AzGroup[] {
    return (this.q.ofUser!.all(azId) as Record<string, unknown>[]).map(toGroup);
  }

  publicGroups(): AzGroup[] {
    return (this.q.publicGroups!.all() as Record<string, unknown>[]).map(toGroup);
  }
}
