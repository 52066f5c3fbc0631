import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILES_DIR } from '../files/file-store';
import { request, signUp, startTestServer, twoUsersInConversation, type TestServer, type TestUser } from './support';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e227dd4b0000000049454e44ae426082',
  'hex',
);
const LIMIT = 64 * 1024;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { uploadBytes: LIMIT } });
});
afterAll(async () => {
  await server.stop();
});

async function upload(user: TestUser | undefined, body: Uint8Array, type: string, name = 'file.bin') {
  const res = await fetch(`${server.url}/api/v1/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': type, ...(user ? { Session: user.session } : {}) },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function download(user: TestUser, url: string) {
  const res = await fetch(server.url + url, { headers: { Session: user.session } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('files: POST /api/v1/files and GET /api/v1/files/<id>', () => {
  it('stores an upload on disk and answers its description; the uploader can download it', async () => {
    const alice = await signUp(server.url);
    const answer = await upload(alice, PNG, 'image/png', 'dot é.png');
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      file_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      url: `/api/v1/files/${answer.body.file_id as string}`,
      name: 'dot é.png',
      size: PNG.length,
      mime_type: 'image/png',
    });
    // On disk under the data directory, not in SQLite.
    expect(readFileSync(join(server.dataDir, FILES_DIR, answer.body.file_id as string))).toEqual(PNG);
    const got = await download(alice, answer.body.url as string);
    expect(got.status).toBe(200);
    expect(got.bytes).toEqual(PNG);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''dot%20%C3%A9.png`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses an upload without a session (401), too big (413), of a refused type or whose bytes are not that image (415), and leaves nothing behind', async () => {
    const alice = await signUp(server.url);
    expect((await upload(undefined, PNG, 'image/png')).status).toBe(401);
    const big = await upload(alice, Buffer.alloc(LIMIT + 1, 1), 'application/octet-stream');
    expect(big.status).toBe(413);
    expect(big.body.reason).toBe(`a file must be at most ${LIMIT} bytes`);
    const html = await upload(alice, Buffer.from('<script>alert(1)</script>'), 'text/html', 'x.html');
    expect(html).toEqual({ status: 415, body: { error: 'unsupported-media-type', reason: 'files of type "text/html" are not accepted' } });
    const fake = await upload(alice, Buffer.from('<svg onload=alert(1)> not a png at all'), 'image/png', 'x.png');
    expect(fake).toEqual({ status: 415, body: { error: 'unsupported-media-type', reason: 'the bytes are not an image of type image/png' } });
    // A PNG declared as JPEG is refused too: the type must be what the bytes are.
    expect((await upload(alice, PNG, 'image/jpeg')).status).toBe(415);
    expect((await upload(alice, Buffer.alloc(0), 'text/plain')).status).toBe(400);
    expect((await upload(alice, Buffer.from('x'), 'text/plain', '')).status).toBe(400);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(server.dataDir, FILES_DIR)).filter((f) => f.startsWith('.upload-'))).toEqual([]);
  });

  it('an image message carries the server\u2019s description; members may download, anyone else gets 404', async () => {
    const { a, b, groupId, aSocket } = await twoUsersInConversation(server);
    const stranger = await signUp(server.url);
    const file = (await upload(a, PNG, 'image/png', 'dot.png')).body;
    // Before it is sent, only its uploader may read it.
    expect((await download(b, file.url as string)).status).toBe(404);
    const ack = await request(aSocket, 'create_message', {
      group_id: groupId,
      type: 2,
      message: '',
      nonce: 'img-1-nonce',
      attachments: [{ file_id: file.file_id, width: 1, height: 1, name: 'lies.exe', size: 1 }],
    });
    expect(ack.result).toBe(0);
    const message = ack.message as Record<string, unknown>;
    expect(message.type).toBe(2);
    expect(JSON.parse(message.attachments as string)).toEqual([
      { file_id: file.file_id, url: file.url, name: 'dot.png', size: PNG.length, mime_type: 'image/png', width: 1, height: 1 },
    ]);
    expect((await download(b, file.url as string)).bytes).toEqual(PNG);
    const refused = await download(stranger, file.url as string);
    expect(refused.status).toBe(404);
    expect(refused.bytes.toString()).toContain('not shared with you');
    const unknown = await download(a, '/api/v1/files/' + '0'.repeat(32));
    expect(unknown.status).toBe(404);
  });

  it('refuses a type 2/3 message naming no file, a file the sender may not share, or a non-image as an image', async () => {
    const { a, groupId, aSocket } = await twoUsersInConversation(server);
    const other = await signUp(server.url);
    const theirs = (await upload(other, PNG, 'image/png')).body;
    const text = (await upload(a, Buffer.from('hello'), 'text/plain', 'hello.txt')).body;
    const send = (type: number, attachments: unknown) =>
      request(aSocket, 'create_message', { group_id: groupId, type, message: '', nonce: `n-${Math.random()}`.replace('.', ''), attachments });
    expect(await send(2, undefined)).toMatchObject({ result: 1 });
    expect(await send(3, [{ file_id: 'nope' }])).toMatchObject({ result: 1 });
    expect(await send(3, [{ file_id: theirs.file_id }])).toMatchObject({ result: 3 });
    expect(await send(2, [{ file_id: text.file_id }])).toMatchObject({ result: 1, reason: expect.stringContaining('is not an image') });
    expect(await send(3, [{ file_id: text.file_id }])).toMatchObject({ result: 0 });
  });

  it('keeps files across a restart: same bytes, same access', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-files-restart-'));
    try {
      const first = await startTestServer({ dataDir });
      const user = await signUp(first.url);
      const res = await fetch(`${first.url}/api/v1/files?name=a.txt`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Session: user.session }, body: 'kept' });
      const file = (await res.json()) as { url: string; file_id: string };
      await first.stop();
      const second = await startTestServer({ dataDir });
      try {
        const again = await fetch(second.url + file.url, { headers: { Session: user.session } });
        expect(again.status).toBe(200);
        expect(await again.text()).toBe('kept');
        expect(existsSync(join(dataDir, FILES_DIR, file.file_id))).toBe(true);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});


describe('bytes stored per user', () => {
  it('refuses an upload past the user’s bytes for the day with 429 and Retry-After; others, and refused uploads, take nothing from it', async () => {
    const small = await startTestServer({ limits: { uploadBytes: LIMIT, storedBytesPerUser: { burst: 100 * 1024, perMs: 24 * 3_600_000 } } });
    try {
      const post = async (user: TestUser, body: Uint8Array, type = 'application/octet-stream') => {
        const res = await fetch(`${small.url}/api/v1/files?name=f.bin`, { method: 'POST', headers: { 'Content-Type': type, Session: user.session }, body: new Uint8Array(body) });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
      };
      const [alice, bob] = await Promise.all([signUp(small.url), signUp(small.url)]);
      const chunk = Buffer.alloc(60 * 1024, 1);
      // An upload refused on its bytes (not the image it says) gives back what it took.
      expect((await post(alice, chunk, 'image/png')).status).toBe(415);
      expect((await post(alice, chunk)).status).toBe(201);
      const refused = await post(alice, chunk);
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: 'too-many-bytes', reason: expect.stringMatching(/too many bytes of files stored: try again in \d+ s/) });
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
      expect((await post(bob, chunk)).status).toBe(201);
    } finally {
      await small.stop();
    }
  });
});
