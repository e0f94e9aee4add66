-- The last checkpoint each checkpoint file recorded, so that verify fails when a file ends before it (lines removed
-- together with the newest rows). Each replica writes a file of its own: the mark is per file, named by the MAC of
-- the file's first line. See docs/events.md.
CREATE TABLE checkpoint_marks (
  file bytea  PRIMARY KEY,
  seq  bigint NOT NULL
);
