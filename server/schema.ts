// The database schema, as an append-only list of migrations. db.ts applies the ones a data
// directory has not seen yet (tracked in PRAGMA user_version). Never edit a shipped step:
// add a new one, so that every existing data directory upgrades the same way.
//
// Units: user/session times in ms, group times in s, message times in µs (as on the wire),
// last_seen_at in s. IDs are INTEGER (see sql-ids.ts for why).

export const MIGRATIONS: readonly string[] = [
  // 1: accounts, sessions, groups, messages
  `
  CREATE TABLE users (
    uin              INTEGER PRIMARY KEY,
    username         TEXT NOT NULL,
    username_key     TEXT NOT NULL UNIQUE,   -- lower-cased: usernames are unique case-insensitively
    display_name     TEXT NOT NULL,
    display_name_key TEXT NOT NULL,          -- lower-cased (full Unicode, by JS) for search
    password_hash    TEXT NOT NULL,          -- scrypt, see passwords.ts
    created_at       INTEGER NOT NULL,       -- ms
    last_seen_at     INTEGER                 -- s; null until the first sign-off
  );

  CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,            -- sha256 of the token: a copied database holds no usable session
    uin         INTEGER NOT NULL REFERENCES users(uin),
    created_at  INTEGER NOT NULL,            -- ms
    expires_at  INTEGER NOT NULL,            -- ms
    revoked_at  INTEGER                      -- ms; set by sign-out
  );
  CREATE INDEX sessions_by_user ON sessions(uin);

  CREATE TABLE chat_groups (
    group_id        INTEGER PRIMARY KEY,
    type            INTEGER NOT NULL,        -- 1 private, 2 community, 3 public
    name            TEXT NOT NULL,
    avatar_url      TEXT NOT NULL,
    owner_uin       INTEGER NOT NULL REFERENCES users(uin),
    creator_uin     INTEGER NOT NULL REFERENCES users(uin),
    members_key     TEXT NOT NULL,           -- the member uins, sorted, comma-joined: finds a group by its exact members
    member_count    INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,        -- s
    updated_at      INTEGER NOT NULL,        -- s
    last_message_id INTEGER,
    activity_id     INTEGER NOT NULL         -- last_message_id, else group_id: both time-ordered, so this sorts by latest activity
  );
  CREATE INDEX groups_by_members ON chat_groups(type, members_key);
  -- The 1:1 conversation of two users exists at most once, whoever creates it first.
  CREATE UNIQUE INDEX one_direct_group_per_pair ON chat_groups(members_key) WHERE type = 1 AND member_count = 2;

  CREATE TABLE group_members (
    group_id  INTEGER NOT NULL REFERENCES chat_groups(group_id),
    uin       INTEGER NOT NULL REFERENCES users(uin),
    position  INTEGER NOT NULL,              -- order of occupants_uins as created
    PRIMARY KEY (group_id, uin)
  ) WITHOUT ROWID;
  CREATE INDEX memberships_by_user ON group_members(uin, group_id);

  CREATE TABLE messages (
    message_id   INTEGER PRIMARY KEY,
    group_id     INTEGER NOT NULL REFERENCES chat_groups(group_id),
    sender_uin   INTEGER NOT NULL REFERENCES users(uin),
    type         INTEGER NOT NULL,
    message      TEXT NOT NULL,
    attactments  TEXT NOT NULL,              -- sic: the protocol's spelling
    sender_name  TEXT NOT NULL,
    nonce        TEXT NOT NULL,
    version      INTEGER NOT NULL,
    status       INTEGER NOT NULL,
    created_at   INTEGER NOT NULL            -- µs
  );
  CREATE INDEX messages_by_group ON messages(group_id, message_id);
  -- A resend after a lost ack carries the same nonce: it must find the original, never add a copy.
  CREATE UNIQUE INDEX messages_by_nonce ON messages(sender_uin, group_id, nonce);
  `,
  // 2: the talker front (server/talker/): the same users under talker's small integer ids,
  // talker's per-pair messages with its own ids, blocks, and registrations by email.
  `
  CREATE TABLE talker_ids (
    talker_id  INTEGER PRIMARY KEY AUTOINCREMENT,   -- what talker clients see as a user id
    uin        INTEGER NOT NULL UNIQUE REFERENCES users(uin)
  );

  CREATE TABLE talker_messages (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    from_user     INTEGER NOT NULL REFERENCES talker_ids(talker_id),
    to_user       INTEGER NOT NULL REFERENCES talker_ids(talker_id),
    content       TEXT NOT NULL,                   -- text, or a data URI for media
    content_type  TEXT NOT NULL,                   -- text | photo | video | audio | file
    readen        TEXT,                            -- when the recipient read it (SQLite datetime text, UTC)
    notified      INTEGER NOT NULL DEFAULT 0,      -- pushed to one of the recipient's connections
    init_date     TEXT NOT NULL                    -- SQLite datetime text "YYYY-MM-DD HH:MM:SS", UTC, as talker sends it
  );
  CREATE INDEX talker_messages_by_pair ON talker_messages(from_user, to_user, id);
  CREATE INDEX talker_messages_undelivered ON talker_messages(to_user, notified, id);

  CREATE TABLE talker_blocks (
    by_user       INTEGER NOT NULL REFERENCES talker_ids(talker_id),
    blocked_user  INTEGER NOT NULL REFERENCES talker_ids(talker_id),
    PRIMARY KEY (by_user, blocked_user)
  ) WITHOUT ROWID;

  CREATE TABLE talker_emails (
    uin        INTEGER PRIMARY KEY REFERENCES users(uin),
    email_key  TEXT NOT NULL UNIQUE                -- lower-cased
  );

  CREATE TABLE talker_registrations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid           TEXT NOT NULL,
    email_key      TEXT NOT NULL,
    username       TEXT NOT NULL,
    password_hash  TEXT NOT NULL,                  -- scrypt of the "hash" the client sent
    created_at     INTEGER NOT NULL                -- ms
  );
  `,
  // 3: real Netalo clients send no nonce: only a non-empty nonce must be unique per sender and group.
  `
  DROP INDEX messages_by_nonce;
  CREATE UNIQUE INDEX messages_by_nonce ON messages(sender_uin, group_id, nonce) WHERE nonce != '';
  `,
  // 4: edits and deletions (update_message / delete_message), and the change feed a client
  // resyncs from: change_id is a fresh ID each time a message is created, edited or deleted.
  `
  ALTER TABLE messages ADD COLUMN change_id INTEGER;
  ALTER TABLE messages ADD COLUMN edited_at INTEGER NOT NULL DEFAULT 0;   -- µs; 0 = never edited
  ALTER TABLE messages ADD COLUMN deleted_at INTEGER NOT NULL DEFAULT 0;  -- µs; 0 = not deleted
  UPDATE messages SET change_id = message_id;
  CREATE INDEX messages_by_change ON messages(group_id, change_id);
  `,
  // 5: group administration and per-member state (issue 6, server/PROTOCOL.md):
  // - direct: the 1:1 conversation (created as type 1 with two members) is its own flag, so
  //   a private group that shrinks to two members never collides with the pair's 1:1;
  // - per member: a message request not yet accepted, receipt marks, the cleared mark of
  //   delete_conversation, mute and pin (each the member's own business);
  // - blocks per group.
  // Existing members were all visible to each other already: they start accepted.
  `
  ALTER TABLE chat_groups ADD COLUMN direct INTEGER NOT NULL DEFAULT 0;
  UPDATE chat_groups SET direct = 1 WHERE type = 1 AND member_count = 2;
  DROP INDEX one_direct_group_per_pair;
  CREATE UNIQUE INDEX one_direct_group_per_pair ON chat_groups(members_key) WHERE direct = 1;

  ALTER TABLE group_members ADD COLUMN accepted INTEGER NOT NULL DEFAULT 1;   -- 0: a message request
  ALTER TABLE group_members ADD COLUMN received_id INTEGER;                   -- newest message received
  ALTER TABLE group_members ADD COLUMN seen_id INTEGER;                       -- newest message seen
  ALTER TABLE group_members ADD COLUMN cleared_id INTEGER;                    -- delete_conversation: hides messages up to this (0: a group without messages)
  ALTER TABLE group_members ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE group_members ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;

  CREATE TABLE group_blocks (
    group_id    INTEGER NOT NULL REFERENCES chat_groups(group_id),
    uin         INTEGER NOT NULL REFERENCES users(uin),
    blocked_by  INTEGER NOT NULL REFERENCES users(uin),
    PRIMARY KEY (group_id, uin)
  ) WITHOUT ROWID;
  `,
  // 6: device tokens for notifications (register_profile_token / unregister_profile_token):
  // one row per (user, token), kept until unregistered. Only stored: no push service here.
  `
  CREATE TABLE profile_tokens (
    uin         INTEGER NOT NULL REFERENCES users(uin),
    token       TEXT NOT NULL,
    type        INTEGER NOT NULL,                -- 1 Android, 2 iOS, 3 web, 4 iOS PushKit
    updated_at  INTEGER NOT NULL,                -- ms: the last registration
    PRIMARY KEY (uin, token)
  ) WITHOUT ROWID;
  `,
  // 7: uploaded files (POST /api/v1/files): the bytes live on disk under files/<file_id>,
  // their description here; message_files says which messages carried a file, which is
  // who may download it (the members of those conversations, and its uploader).
  `
  CREATE TABLE files (
    file_id       TEXT PRIMARY KEY,                 -- 128 random bits, hex
    uploader_uin  INTEGER NOT NULL REFERENCES users(uin),
    name          TEXT NOT NULL,
    mime_type     TEXT NOT NULL,
    size          INTEGER NOT NULL,                 -- bytes
    created_at    INTEGER NOT NULL                  -- ms
  );
  CREATE TABLE message_files (
    file_id     TEXT NOT NULL REFERENCES files(file_id),
    group_id    INTEGER NOT NULL REFERENCES chat_groups(group_id),
    message_id  INTEGER NOT NULL REFERENCES messages(message_id),
    PRIMARY KEY (file_id, message_id)
  ) WITHOUT ROWID;
  CREATE INDEX message_files_by_file ON message_files(file_id, group_id);
  `,
  // 8: the Haraj front (server/haraj/) HARAJ-MIGRATION: Haraj's small user ids (the
  // document's `user_id` is a JSON number), token sessions (only SHA-256 hashes of the
  // tokens are stored; a refresh rotates both, the replaced refresh token stays usable for a
  // short grace so that a lost answer can be retried), p2p topics and their messages
  // (`seq_id` is the message's id, unique server-wide and growing; `content` is the JSON of
  // the packet's `content`; `read_at` is the recipient's read mark).
  `
  CREATE TABLE haraj_ids (
    haraj_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    uin       INTEGER NOT NULL UNIQUE REFERENCES users(uin)
  );
  CREATE TABLE haraj_sessions (
    session_id            TEXT PRIMARY KEY,                 -- random, hex
    haraj_id              INTEGER NOT NULL REFERENCES haraj_ids(haraj_id),
    access_hash           TEXT NOT NULL UNIQUE,
    access_expires_at     INTEGER NOT NULL,                 -- ms
    refresh_hash          TEXT NOT NULL UNIQUE,
    refresh_expires_at    INTEGER NOT NULL,                 -- ms
    previous_refresh_hash TEXT,                             -- the one the last refresh replaced
    previous_valid_until  INTEGER,                          -- ms: its grace
    created_at            INTEGER NOT NULL                  -- ms
  );
  CREATE INDEX haraj_sessions_previous ON haraj_sessions(previous_refresh_hash) WHERE previous_refresh_hash IS NOT NULL;
  CREATE TABLE haraj_topics (
    topic_id    TEXT PRIMARY KEY,                           -- p2p<a>_<b>, a < b
    user_a      INTEGER NOT NULL REFERENCES haraj_ids(haraj_id),
    user_b      INTEGER NOT NULL REFERENCES haraj_ids(haraj_id),
    created_at  INTEGER NOT NULL                            -- ms
  );
  CREATE INDEX haraj_topics_by_a ON haraj_topics(user_a);
  CREATE INDEX haraj_topics_by_b ON haraj_topics(user_b);
  CREATE TABLE haraj_messages (
    seq_id      INTEGER PRIMARY KEY,
    topic_id    TEXT NOT NULL REFERENCES haraj_topics(topic_id),
    from_id     INTEGER NOT NULL,
    to_id       INTEGER NOT NULL,
    content     TEXT NOT NULL,                              -- JSON {type, payload}
    nonce       TEXT,                                       -- the sender's, when given: a resend returns the same message
    read_at     INTEGER,                                    -- ms; null until the recipient read it
    created_at  INTEGER NOT NULL                            -- ms
  );
  CREATE INDEX haraj_messages_by_topic ON haraj_messages(topic_id, seq_id);
  CREATE UNIQUE INDEX haraj_messages_by_nonce ON haraj_messages(from_id, topic_id, nonce) WHERE nonce IS NOT NULL;
  CREATE INDEX haraj_messages_unread ON haraj_messages(to_id, topic_id, seq_id) WHERE read_at IS NULL;
  `,
  // 9: the Mingdao front (server/mingdao/) MINGDAO-MIGRATION: its groups and members, its
  // messages (1:1 and group, one table), per recipient what is unread / pushed / owed a
  // withdraw, each user's conversation list (pins, removals), inbox notices, and removed
  // contacts. Users are the shared `users` table. Times in ms.
  `
  CREATE TABLE mingdao_groups (
    group_id     INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    creator_uin  INTEGER NOT NULL REFERENCES users(uin),
    banned       INTEGER NOT NULL DEFAULT 0,      -- "ban speak": only admins may send
    created_at   INTEGER NOT NULL
  );

  CREATE TABLE mingdao_group_members (
    group_id   INTEGER NOT NULL REFERENCES mingdao_groups(group_id),
    uin        INTEGER NOT NULL REFERENCES users(uin),
    active     INTEGER NOT NULL DEFAULT 1,        -- 0: left or removed (sending answers removeit)
    admin      INTEGER NOT NULL DEFAULT 0,
    push       INTEGER NOT NULL DEFAULT 1,        -- "set group notice" isPush
    joined_at  INTEGER NOT NULL,
    PRIMARY KEY (group_id, uin)
  ) WITHOUT ROWID;
  CREATE INDEX mingdao_members_by_user ON mingdao_group_members(uin, group_id);

  CREATE TABLE mingdao_messages (
    message_id  INTEGER PRIMARY KEY,
    conv        TEXT NOT NULL,                    -- 'u:<lower uin>:<higher uin>' or 'g:<group id>'
    from_uin    INTEGER NOT NULL REFERENCES users(uin),
    to_id       INTEGER NOT NULL,                 -- the recipient's uin, or the group id
    type        INTEGER NOT NULL,                 -- 1 text 2 image 3 voice 4 file 5 card 6 shake
    sys_type    INTEGER,                          -- group system lines: 1 added 2 removed 3 renamed 4 other
    con         TEXT NOT NULL,
    extra       TEXT NOT NULL,                    -- JSON {files?, card?, refer?}
    created_at  INTEGER NOT NULL,
    withdrawn   INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX mingdao_messages_by_conv ON mingdao_messages(conv, message_id);

  CREATE TABLE mingdao_receipts (
    uin               INTEGER NOT NULL REFERENCES users(uin),
    message_id        INTEGER NOT NULL REFERENCES mingdao_messages(message_id),
    session_type      INTEGER NOT NULL,           -- 1 user, 2 group: the recipient's session
    session_id        INTEGER NOT NULL,           -- the sender's uin, or the group id
    unread            INTEGER NOT NULL,
    delivered         INTEGER NOT NULL DEFAULT 0, -- pushed to one of the recipient's connections
    withdraw_pending  INTEGER NOT NULL DEFAULT 0, -- withdrawn after delivery, recipient not told yet
    PRIMARY KEY (uin, message_id)
  ) WITHOUT ROWID;
  CREATE INDEX mingdao_receipts_unread ON mingdao_receipts(uin, unread, session_type, session_id);
  CREATE INDEX mingdao_receipts_withdraws ON mingdao_receipts(uin, message_id) WHERE withdraw_pending = 1;

  CREATE TABLE mingdao_sessions (
    uin         INTEGER NOT NULL REFERENCES users(uin),
    type        INTEGER NOT NULL,                 -- 1 user, 2 group, 3-100 inbox
    peer_id     INTEGER NOT NULL,                 -- the user or group id; 0 for inbox sessions
    top         INTEGER NOT NULL DEFAULT 0,       -- "sticky on top"
    removed     INTEGER NOT NULL DEFAULT 0,       -- "remove session", until its next message
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (uin, type, peer_id)
  ) WITHOUT ROWID;

  CREATE TABLE mingdao_inbox (
    notice_id   INTEGER PRIMARY KEY,
    uin         INTEGER NOT NULL REFERENCES users(uin),
    type        INTEGER NOT NULL,                 -- 3 system 4 post 5 calendar 6 task 7 knowledge ... 100
    value       TEXT NOT NULL,                    -- system, post, calendar, task, knowledge
    con         TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    unread      INTEGER NOT NULL DEFAULT 1
  );
  CREATE INDEX mingdao_inbox_by_user ON mingdao_inbox(uin, type, notice_id);

  CREATE TABLE mingdao_removed_contacts (
    uin          INTEGER NOT NULL REFERENCES users(uin),
    contact_uin  INTEGER NOT NULL REFERENCES users(uin),
    removed_at   INTEGER NOT NULL,
    PRIMARY KEY (uin, contact_uin)
  ) WITHOUT ROWID;
  `,
  // 10: the AZStack front (server/azstack/) AZSTACK-MIGRATION: the same users under the
  // numeric userIds AZStack clients need, its groups, its messages keyed by (sender, msgId)
  // as the clients assign them, and each user's marks per conversation. Times in ms.
  `
  CREATE TABLE azstack_users (
    az_id       INTEGER PRIMARY KEY,        -- the wire userId: the uin when below 2^53, else a small number
    uin         INTEGER NOT NULL UNIQUE REFERENCES users(uin),
    last_visit  INTEGER NOT NULL DEFAULT 0  -- ms: when the user's last AZStack connection ended
  );

  CREATE TABLE azstack_groups (
    group_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    type      INTEGER NOT NULL,             -- 0 private, 1 public
    name      TEXT NOT NULL,
    admin     INTEGER NOT NULL REFERENCES azstack_users(az_id),
    created   INTEGER NOT NULL
  );

  CREATE TABLE azstack_members (
    group_id    INTEGER NOT NULL REFERENCES azstack_groups(group_id),
    az_id       INTEGER NOT NULL REFERENCES azstack_users(az_id),
    joined_seq  INTEGER NOT NULL,           -- the member sees the group's messages from this one on
    PRIMARY KEY (group_id, az_id)
  ) WITHOUT ROWID;
  CREATE INDEX azstack_members_by_user ON azstack_members(az_id, group_id);

  CREATE TABLE azstack_messages (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,  -- the server's order
    chat_type     INTEGER NOT NULL,         -- 1 user, 2 group
    sender        INTEGER NOT NULL REFERENCES azstack_users(az_id),
    receiver      INTEGER NOT NULL,         -- the peer's az_id (1:1) or the group_id
    msg_id        INTEGER NOT NULL,         -- assigned by the sender's client
    service_type  INTEGER NOT NULL,         -- 5 text 1:1, 146 group message, 143/144/145/152/160/197 group events
    fields        TEXT NOT NULL,            -- JSON: the service's own fields (msg; the event's fields)
    status        INTEGER NOT NULL,         -- 1 sent, 2 delivered, 3 seen, 6 recalled
    created       INTEGER NOT NULL,
    modified      INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX azstack_messages_by_key ON azstack_messages(sender, msg_id);
  CREATE INDEX azstack_messages_by_chat ON azstack_messages(chat_type, receiver, seq);
  CREATE INDEX azstack_messages_by_pair ON azstack_messages(chat_type, sender, receiver, seq);

  CREATE TABLE azstack_hidden (           -- 168: a message deleted from one user's view only
    az_id  INTEGER NOT NULL REFERENCES azstack_users(az_id),
    seq    INTEGER NOT NULL REFERENCES azstack_messages(seq),
    PRIMARY KEY (az_id, seq)
  ) WITHOUT ROWID;

  CREATE TABLE azstack_marks (            -- per user and conversation
    az_id        INTEGER NOT NULL REFERENCES azstack_users(az_id),
    chat_type    INTEGER NOT NULL,
    chat_id      INTEGER NOT NULL,
    read_seq     INTEGER NOT NULL DEFAULT 0,   -- seen up to here (153, or the user's own message)
    cleared_seq  INTEGER NOT NULL DEFAULT 0,   -- 171: hidden up to here
    PRIMARY KEY (az_id, chat_type, chat_id)
  ) WITHOUT ROWID;
  `,
];
