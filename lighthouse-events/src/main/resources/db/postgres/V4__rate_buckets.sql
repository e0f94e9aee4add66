-- The callers' rate budgets, one token bucket per caller (agent name and role) shared by every replica: Bucket4j's
-- schema for its PostgreSQL select-for-update proxy manager (id, serialized bucket state). A row is locked (SELECT
-- ... FOR UPDATE) only while a replica settles what it consumed since its last look; rows number at most the callers
-- that ever made a counted request (the tokens issued, and the local user).
CREATE TABLE rate_buckets (
  id    text  PRIMARY KEY,
  state bytea
);
