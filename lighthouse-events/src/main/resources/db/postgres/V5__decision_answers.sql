-- What each decision's agent heard (allow, unmatched, review, deny), kept beside the signed columns so that listing
-- decisions (GET /v1/decisions/names, the filesystem view) reads no payload: the store fills it on append, from the
-- payload's answer, else its decision (records older than answers), else 'unknown'; NULL for other events. It is
-- derived from the payload, which is signed, and is not signed itself: the chain's bytes are unchanged.
ALTER TABLE events ADD COLUMN answer text;
UPDATE events SET answer = CASE
    WHEN json_typeof(payload) <> 'object' THEN 'unknown'
    WHEN json_typeof(payload -> 'answer') = 'string' THEN payload ->> 'answer'
    WHEN json_typeof(payload -> 'decision') = 'string' THEN payload ->> 'decision'
    ELSE 'unknown'
  END
  WHERE type = 'decision.made';
-- The names of decisions, each index holding all a listing reads (index-only scans): by seq for paging through them,
-- by time for a window such as an hour. Partial: only decisions, which queries name as a literal type.
CREATE INDEX events_decision_names ON events (seq) INCLUDE (time, agent, answer) WHERE type = 'decision.made';
CREATE INDEX events_decision_names_by_time ON events (time, seq) INCLUDE (agent, answer)
  WHERE type = 'decision.made';
