-- Indexes for reading events back in the web app and API (sqlite/0005_event_reads.sql).

-- The map draws the deadliest events first.
CREATE INDEX events_deadliest ON events((coalesce(fatalities, fatalities_high, 0)));

-- The timeline counts events and deaths per week and type.
CREATE INDEX events_week ON events(day_first, event_type, fatalities, fatalities_high);

-- How many articles report each event (the map's source count).
CREATE INDEX event_sources_event_article ON event_sources(event_id, article_id);
DROP INDEX event_sources_event;
