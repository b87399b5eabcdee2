-- Batch runs (sqlite/0008_batch.sql): the shards whose documents are all stored and analysed.
CREATE TABLE batch_shards (
    input TEXT COLLATE "C" NOT NULL,
    shard INTEGER NOT NULL,
    fingerprint TEXT COLLATE "C" NOT NULL,
    documents INTEGER NOT NULL,
    run_id BIGINT,
    done_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (input, shard, fingerprint)
);
