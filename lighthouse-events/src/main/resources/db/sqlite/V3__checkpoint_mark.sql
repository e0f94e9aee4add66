-- The last checkpoint written to the checkpoint file, so verify can tell a cut checkpoint file from a cut store.
-- Stores of version 2 may already have it: it was added before versions were kept by Flyway.
CREATE TABLE IF NOT EXISTS checkpoint_mark (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  seq INTEGER NOT NULL
) STRICT;
