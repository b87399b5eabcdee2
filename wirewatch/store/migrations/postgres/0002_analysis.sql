-- The language layer's mentions, each pointing at its characters in the article's text.

CREATE TABLE analyses (
    article_id TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    version TEXT COLLATE "C" NOT NULL,
    analyzed_at TEXT COLLATE "C" NOT NULL
);

CREATE TABLE actor_mentions (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    actor_id TEXT COLLATE "C",
    name TEXT COLLATE "C",
    type TEXT COLLATE "C",
    method TEXT COLLATE "C" NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    how TEXT COLLATE "C" NOT NULL
);
CREATE INDEX actor_mentions_article ON actor_mentions(article_id);
CREATE INDEX actor_mentions_actor ON actor_mentions(actor_id);

CREATE TABLE person_mentions (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    person TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C",
    role TEXT COLLATE "C",
    organisation TEXT COLLATE "C",
    actor_id TEXT COLLATE "C"
);
CREATE INDEX person_mentions_article ON person_mentions(article_id);

CREATE TABLE date_mentions (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    value TEXT COLLATE "C",
    precision TEXT COLLATE "C",
    relative INTEGER NOT NULL,
    how TEXT COLLATE "C" NOT NULL
);
CREATE INDEX date_mentions_article ON date_mentions(article_id);

CREATE TABLE quantity_mentions (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    value DOUBLE PRECISION,
    low DOUBLE PRECISION,
    high DOUBLE PRECISION,
    qualifier TEXT COLLATE "C" NOT NULL,
    noun TEXT COLLATE "C",
    category TEXT COLLATE "C" NOT NULL
);
CREATE INDEX quantity_mentions_article ON quantity_mentions(article_id);

CREATE TABLE place_mentions (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    label TEXT COLLATE "C" NOT NULL,
    gazetteer_id TEXT COLLATE "C",
    resolved_name TEXT COLLATE "C",
    feature TEXT COLLATE "C",
    country TEXT COLLATE "C",
    country_code TEXT COLLATE "C",
    admin1 TEXT COLLATE "C",
    admin2 TEXT COLLATE "C",
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    match TEXT COLLATE "C",
    note TEXT COLLATE "C",
    confidence DOUBLE PRECISION,
    how TEXT COLLATE "C" NOT NULL
);
CREATE INDEX place_mentions_article ON place_mentions(article_id);
CREATE INDEX place_mentions_place ON place_mentions(gazetteer_id);
