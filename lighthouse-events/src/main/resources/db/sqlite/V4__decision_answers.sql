-- What each decision's agent heard (allow, unmatched, review, deny), kept beside the signed columns so that listing
-- decisions (GET /v1/decisions/names, the filesystem view) reads no payload: the store fills it on append, from the
-- payload's answer, else its decision (records older than answers), else 'unknown'; NULL for other events. It is
-- derived from the payload, which is signed, and is not signed itself: the chain's bytes are unchanged.
-- Read through the names of decisions in the index file (SqliteIndex), which is filled from it.
ALTER TABLE events ADD COLUMN answer TEXT;
UPDATE events SET answer = CASE
    WHEN NOT json_valid(payload) THEN 'unknown'
    WHEN json_type(payload, '$.answer') = 'text' THEN json_extract(payload, '$.answer')
    WHEN json_type(payload, '$.decision') = 'text' THEN json_extract(payload, '$.decision')
    ELSE 'unknown'
  END
  WHERE type = 'decision.made';
