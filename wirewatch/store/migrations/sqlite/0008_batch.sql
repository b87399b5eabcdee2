-- Batch runs (wirewatch/batch.py, docs/batch.md): the shards whose documents are all stored and analysed.
-- A shard is one input's documents number index*size to (index+1)*size-1; the fingerprint is a hash of
-- their content, so a shard of a changed file, or cut at another size, is not taken for one already done.
CREATE TABLE batch_shards (
    input TEXT NOT NULL,
    shard INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    documents INTEGER NOT NULL,
    run_id INTEGER,
    done_at TEXT NOT NULL,
    PRIMARY KEY (input, shard, fingerprint)
);
