-- The chain of events. One row per event; seq is gapless from 1. See docs/events.md.
-- Its secondary indexes live in a file of their own (SqliteIndex), not here.
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
