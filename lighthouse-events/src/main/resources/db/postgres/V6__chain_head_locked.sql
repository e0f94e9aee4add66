-- Takes the chain's lock and reads the head in one round trip, for an append (PostgresBackend.commit): the lock is
-- held until the appending transaction commits, so the fewer round trips between the JVM and PostgreSQL it spans,
-- the less a slow replica (starved of CPU, paused by its collector) holds up every other replica's appends.
--
-- The head is read by a query of its own inside a VOLATILE function because, under READ COMMITTED, such a query takes
-- a fresh snapshot when it starts, after the lock was granted, and so sees the commit of the writer that held the
-- lock before. A head read in the same statement as the lock would use that statement's snapshot, taken before the
-- wait, and could miss it (the primary key on seq would then refuse the append instead of forking the chain).
-- Replicas of an older version take the same advisory lock themselves, so both can append during a rolling update.
CREATE FUNCTION lighthouse_lock_chain(lock_key bigint, OUT head_seq bigint, OUT head_hash bytea)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(lock_key);
  SELECT e.seq, e.hash INTO head_seq, head_hash FROM events e ORDER BY e.seq DESC LIMIT 1;
END
$$;
