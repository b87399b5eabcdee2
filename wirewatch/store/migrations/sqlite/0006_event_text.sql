-- Full-text search over the evidence of event reports (the events' text filter), kept in step by
-- triggers. An FTS5 table with external content needs a key that never changes: event_mentions had only
-- its implicit rowid, which VACUUM may renumber, so the table is rebuilt with an explicit one first
-- (the old rowids kept).

CREATE TABLE event_mentions_keyed (
    id INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT,
    trigger TEXT NOT NULL,
    actor1 TEXT,
    actor1_id TEXT,
    actor2 TEXT,
    actor2_id TEXT,
    event_date TEXT,
    date_precision TEXT,
    location TEXT,
    admin2 TEXT,
    admin1 TEXT,
    country TEXT,
    country_code TEXT,
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    fatalities INTEGER,
    fatalities_low INTEGER,
    fatalities_high INTEGER,
    injured INTEGER,
    reported_as TEXT NOT NULL,
    how TEXT NOT NULL
);
INSERT INTO event_mentions_keyed
    SELECT rowid, article_id, start, "end", text, "index", event_type, sub_event_type, trigger, actor1, actor1_id,
           actor2, actor2_id, event_date, date_precision, location, admin2, admin1, country, country_code,
           latitude, longitude, geo_precision, fatalities, fatalities_low, fatalities_high, injured, reported_as, how
    FROM event_mentions;
DROP TABLE event_mentions;
ALTER TABLE event_mentions_keyed RENAME TO event_mentions;
CREATE UNIQUE INDEX event_mentions_article ON event_mentions(article_id, "index");

CREATE VIRTUAL TABLE event_mentions_fts USING fts5(
    text, content='event_mentions', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO event_mentions_fts(event_mentions_fts) VALUES ('rebuild');
CREATE TRIGGER event_mentions_ai AFTER INSERT ON event_mentions BEGIN
    INSERT INTO event_mentions_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER event_mentions_ad AFTER DELETE ON event_mentions BEGIN
    INSERT INTO event_mentions_fts(event_mentions_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER event_mentions_au AFTER UPDATE OF text ON event_mentions BEGIN
    INSERT INTO event_mentions_fts(event_mentions_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO event_mentions_fts(rowid, text) VALUES (new.id, new.text);
END;
