-- The bridge replicas sharing this store: each writes its row about once a second (a heartbeat) with how far it has
-- applied the chain, how late it applies what the others append, and whether it holds the leadership (a session
-- advisory lock, see docs/deploy.md). A row whose heartbeat is old belongs to a replica that stopped or died.
CREATE TABLE replicas (
  name        text             PRIMARY KEY,
  started     timestamptz      NOT NULL,
  heartbeat   timestamptz      NOT NULL,
  applied_seq bigint           NOT NULL,
  lag_p50_ms  double precision NOT NULL,
  lag_p99_ms  double precision NOT NULL,
  leader      boolean          NOT NULL,
  key_id      text             NOT NULL,
  registry    text             NOT NULL
);
