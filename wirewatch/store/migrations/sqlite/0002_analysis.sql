-- The language layer's mentions, each pointing at its characters in the article's text.

CREATE TABLE analyses (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version TEXT NOT NULL,
    analyzed_at TEXT NOT NULL
);

CREATE TABLE actor_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    actor_id TEXT,
    name TEXT,
    type TEXT,
    method TEXT NOT NULL,
    score REAL NOT NULL,
    how TEXT NOT NULL
);
CREATE INDEX actor_mentions_article ON actor_mentions(article_id);
CREATE INDEX actor_mentions_actor ON actor_mentions(actor_id);

CREATE TABLE person_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    person TEXT NOT NULL,
    name TEXT,
    role TEXT,
    organisation TEXT,
    actor_id TEXT
);
CREATE INDEX person_mentions_article ON person_mentions(article_id);

CREATE TABLE date_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    precision TEXT,
    relative INTEGER NOT NULL,
    how TEXT NOT NULL
);
CREATE INDEX date_mentions_article ON date_mentions(article_id);

CREATE TABLE quantity_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    value REAL,
    low REAL,
    high REAL,
    qualifier TEXT NOT NULL,
    noun TEXT,
    category TEXT NOT NULL
);
CREATE INDEX quantity_mentions_article ON quantity_mentions(article_id);

CREATE TABLE place_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    gazetteer_id TEXT,
    resolved_name TEXT,
    feature TEXT,
    country TEXT,
    country_code TEXT,
    admin1 TEXT,
    admin2 TEXT,
    latitude REAL,
    longitude REAL,
    match TEXT,
    note TEXT,
    confidence REAL,
    how TEXT NOT NULL
);
CREATE INDEX place_mentions_article ON place_mentions(article_id);
CREATE INDEX place_mentions_place ON place_mentions(gazetteer_id);
