-- Articles, their near-duplicate copies, MinHash bands, failures, runs and feed entries seen.

CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    url TEXT,
    source TEXT NOT NULL,
    feed TEXT,
    title TEXT,
    published TEXT,
    author TEXT,
    language TEXT,
    text TEXT NOT NULL,
    related TEXT NOT NULL DEFAULT '[]',
    content_hash TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    updated_at TEXT
);
CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_published ON articles(published);

-- Earlier texts of an article whose page changed under the same canonical URL.
CREATE TABLE article_revisions (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    title TEXT,
    text TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    replaced_at TEXT NOT NULL
);
CREATE INDEX article_revisions_article ON article_revisions(article_id);

-- Copies of a stored article (syndicated wire stories), linked instead of stored again.
CREATE TABLE near_duplicates (
    id INTEGER PRIMARY KEY,
    duplicate_of TEXT NOT NULL REFERENCES articles(id),
    source TEXT NOT NULL,
    url TEXT,
    title TEXT,
    similarity REAL NOT NULL,
    content_hash TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE INDEX near_duplicates_of ON near_duplicates(duplicate_of);
CREATE INDEX near_duplicates_hash ON near_duplicates(content_hash);

-- MinHash signature per article, and its LSH band keys, so candidates are an index lookup.
CREATE TABLE minhashes (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    signature BLOB NOT NULL
);
CREATE TABLE minhash_bands (
    band INTEGER NOT NULL,
    key BLOB NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id)
);
CREATE INDEX minhash_bands_key ON minhash_bands(band, key);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    new INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    duplicate INTEGER NOT NULL DEFAULT 0,
    near_duplicate INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id),
    source TEXT NOT NULL,
    stage TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX failures_source ON failures(source);

-- Feed entries already handled by `wirewatch watch`, so each poll ingests only new ones.
CREATE TABLE feed_entries (
    feed TEXT NOT NULL,
    entry TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed, entry)
);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
