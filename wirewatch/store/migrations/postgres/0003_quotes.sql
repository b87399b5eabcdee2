-- Quotations and reported speech, with their speakers.

CREATE TABLE quote_mentions (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    speaker TEXT COLLATE "C",
    speaker_role TEXT COLLATE "C",
    organization TEXT COLLATE "C",
    person TEXT COLLATE "C",
    actor_id TEXT COLLATE "C",
    cue TEXT COLLATE "C",
    how TEXT COLLATE "C" NOT NULL
);
CREATE INDEX quote_mentions_article ON quote_mentions(article_id);
CREATE INDEX quote_mentions_actor ON quote_mentions(actor_id);
