import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AttachmentStore } from '../attachments';
import { createMemoryLogger } from '../logger';
import { tempDirsForFile } from './temp-dirs';

const photo = (bytes: number[]) => ({ id: 'a1', kind: 'image' as const, name: 'photo.png', mimeType: 'image/png', bytes: new Uint8Array(bytes) });

const tempDir = tempDirsForFile();

describe('attachment store', () => {
  it('stores the same bytes once, under a name that is not their plain hash, stable across restarts', async () => {
    const dir = tempDir('attachments');
    const store = new AttachmentStore(dir, createMemoryLogger());
    const first = await store.put(photo([1, 2, 3]));
    const again = await store.put(photo([1, 2, 3]));
    const other = await store.put(photo([4, 5, 6]));
    expect(again.url).toBe(first.url);
    expect(other.url).not.toBe(first.url);
    expect(first.url).toMatch(/^\/attachments\/[0-9a-f]{32}$/);
    const name = first.url!.split('/').pop()!;
    expect(createHash('sha256').update(new Uint8Array([1, 2, 3])).digest('hex')).not.toContain(name);
    expect(readdirSync(dir).filter((f) => /^[0-9a-f]{32}$/.test(f))).toHaveLength(2);

    const restarted = new AttachmentStore(dir, createMemoryLogger());
    expect((await restarted.put(photo([1, 2, 3]))).url).toBe(first.url);
    expect(await restarted.open(name)).toMatchObject({ mimeType: 'image/png', name: 'photo.png', size: 3 });
    expect(await restarted.open('../name-key')).toBeNull();
  });
});
