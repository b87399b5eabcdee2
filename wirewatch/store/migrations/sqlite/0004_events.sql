-- Events and claims: each article's mentions, the events merged across articles with every source's
-- own figures, and stories (articles grouped by copies, shared events and related-story links).

CREATE TABLE event_mentions (
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
CREATE UNIQUE INDEX event_mentions_article ON event_mentions(article_id, "index");

CREATE TABLE claim_mentions (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    claimant TEXT,
    claimant_id TEXT,
    stance TEXT NOT NULL,
    hedged INTEGER NOT NULL,
    hedge TEXT,
    via TEXT,
    event_index INTEGER,
    cue TEXT,
    how TEXT NOT NULL
);
CREATE INDEX claim_mentions_article ON claim_mentions(article_id);
CREATE INDEX claim_mentions_claimant ON claim_mentions(claimant_id);

-- One real-world event: the best estimate over its sources. day_first/day_last are the days its date
-- covers (proleptic ordinals), for range queries.
CREATE TABLE events (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    event_date TEXT,
    date_precision TEXT,
    event_type TEXT NOT NULL,
    sub_event_type TEXT,
    actor1 TEXT,
    actor1_id TEXT,
    actor2 TEXT,
    actor2_id TEXT,
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
    day_first INTEGER,
    day_last INTEGER,
    updated_at TEXT NOT NULL
);
CREATE INDEX events_day ON events(day_first);
CREATE INDEX events_place ON events(country, admin1);
CREATE INDEX events_actor1 ON events(actor1_id);
CREATE INDEX events_actor2 ON events(actor2_id);
CREATE INDEX events_type ON events(event_type, sub_event_type);

-- Where each event is, for candidate lookup: days x latitude x longitude (an event placed only by its
-- region or country spans the whole globe, and is told apart by admin1/country afterwards).
CREATE VIRTUAL TABLE events_box USING rtree(id, day_min, day_max, lat_min, lat_max, lon_min, lon_max);

-- One article reporting an event (one of its event mentions), with the figures as THAT article gives them.
CREATE TABLE event_sources (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    mention INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    event_date TEXT,
    date_precision TEXT,
    fatalities INTEGER,
    fatalities_low INTEGER,
    fatalities_high INTEGER,
    injured INTEGER,
    reported_as TEXT,
    published TEXT,
    PRIMARY KEY (article_id, mention)
);
CREATE INDEX event_sources_event ON event_sources(event_id);

-- Stories: every stored article belongs to one; linking two articles unites their stories. A story's
-- id is the id of its first article.
CREATE TABLE article_stories (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL
);
CREATE INDEX article_stories_story ON article_stories(story_id);
INSERT INTO article_stories (article_id, story_id) SELECT id, id FROM articles;

-- The related-story links each article offers, by URL, so a link to or from a stored article is found.
CREATE TABLE related_links (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    url TEXT NOT NULL
);
CREATE INDEX related_links_article ON related_links(article_id);
CREATE INDEX related_links_url ON related_links(url);
INSERT INTO related_links (article_id, url)
    SELECT a.id, json_extract(j.value, '$.url') FROM articles a, json_each(a.related) j
    WHERE json_extract(j.value, '$.url') IS NOT NULL;
CREATE INDEX near_duplicates_url ON near_duplicates(url);
