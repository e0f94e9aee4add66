-- Version 1 kept the secondary indexes on the events table, maintained inside each commit; SqliteIndex now builds
-- them in a file of its own behind the appends. Nothing to drop in a store created at version 2 or later.
DROP INDEX IF EXISTS events_type;
DROP INDEX IF EXISTS events_stream;
DROP INDEX IF EXISTS events_agent;
DROP INDEX IF EXISTS events_time;
