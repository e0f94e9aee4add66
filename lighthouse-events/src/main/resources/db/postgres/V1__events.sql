-- The chain of events. One row per event; seq is gapless from 1. See docs/events.md.
CREATE TABLE events (
  seq       bigint      PRIMARY KEY,
  id        uuid        NOT NULL UNIQUE,
  time      timestamptz NOT NULL,
  type      text        NOT NULL,
  stream    text        NOT NULL,
  agent     text,
  payload   json        NOT NULL, -- json, not jsonb: the exact signed text is kept
  key_id    text        NOT NULL,
  prev_hash bytea       NOT NULL,
  hash      bytea       NOT NULL
);
CREATE INDEX events_type ON events (type, seq);
CREATE INDEX events_stream ON events (stream, seq);
CREATE INDEX events_agent ON events (agent, seq);
CREATE INDEX events_time ON events (time);
