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
];

