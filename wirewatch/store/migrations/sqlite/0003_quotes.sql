-- Quotations and reported speech, with their speakers.

CREATE TABLE quote_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL,
    speaker TEXT,
    speaker_role TEXT,
    organization TEXT,
    person TEXT,
    actor_id TEXT,
    cue TEXT,
    how TEXT NOT NULL
);
CREATE INDEX quote_mentions_article ON quote_mentions(article_id);
CREATE INDEX quote_mentions_actor ON quote_mentions(actor_id);
