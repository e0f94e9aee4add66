-- The schema as SqliteBackend created it before Flyway kept its history (schema version 2 in PRAGMA user_version).
-- SqliteEventStoreTest builds a store from it to show such a store still opens, verifies and takes appends.
CREATE TABLE IF NOT EXISTS events (
  seq       INTEGER PRIMARY KEY,  -- position in the chain, 1, 2, 3, ... without gaps
  id        TEXT NOT NULL UNIQUE, -- UUIDv7, time-ordered
  time      TEXT NOT NULL,        -- UTC, ISO-8601 with microseconds: 2026-11-23T09:00:00.123456Z
  type      TEXT NOT NULL,        -- namespaced: decision.made, review.verdict, ...
  stream    TEXT NOT NULL,        -- stream or aggregate id
  agent     TEXT,                 -- agent id, NULL when no agent caused the event
  payload   TEXT NOT NULL,        -- canonical JSON object, exactly as signed
  key_id    TEXT NOT NULL,        -- id of the HMAC key
  prev_hash TEXT NOT NULL,        -- hash of seq - 1, 64 hex digits (zeros for seq 1)
  hash      TEXT NOT NULL         -- HMAC-SHA256 of all the above, 64 hex digits
) STRICT;
CREATE TABLE IF NOT EXISTS checkpoint_mark (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  seq INTEGER NOT NULL                -- the last checkpoint written to the checkpoint file
) STRICT;
PRAGMA user_version = 2;
