-- What each decision's agent heard (allow, unmatched, review, deny), kept beside the signed columns so that listing
-- decisions (GET /v1/decisions/names, the filesystem view) reads no payload: the store fills it on append, from the
-- payload's answer, else its decision (records older than answers), else 'unknown'; NULL for other events. It is
-- derived from the payload, which is signed, and is not signed itself: the chain's bytes are unchanged.
--
-- Run outside a transaction (V5__decision_answers.sql.conf), one statement at a time, so that the table is locked
-- against appends only for the moments of the ALTER and of each index build (about a second per 100,000 events), not
-- while the backfill rewrites every decision's row (about 30 s per 100,000 on a loaded 2-core machine): replicas keep
-- appending meanwhile. Each statement can run again, should the migration be cut off and retried.
ALTER TABLE events ADD COLUMN IF NOT EXISTS answer text;
UPDATE events SET answer = CASE
    WHEN json_typeof(payload) <> 'object' THEN 'unknown'
    WHEN json_typeof(payload -> 'answer') = 'string' THEN payload ->> 'answer'
    WHEN json_typeof(payload -> 'decision') = 'string' THEN payload ->> 'decision'
    ELSE 'unknown'
  END
  WHERE type = 'decision.made' AND answer IS NULL;
-- The names of decisions, each index holding all a listing reads (index-only scans): by seq for paging through them,
-- by time for a window such as an hour. Partial: only decisions, which queries name as a literal type.
CREATE INDEX IF NOT EXISTS events_decision_names ON events (seq) INCLUDE (time, agent, answer)
  WHERE type = 'decision.made';
CREATE INDEX IF NOT EXISTS events_decision_names_by_time ON events (time, seq) INCLUDE (agent, answer)
  WHERE type = 'decision.made';
