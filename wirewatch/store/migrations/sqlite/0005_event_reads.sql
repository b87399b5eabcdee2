-- Indexes for reading events back in the web app and API (measured with benchmarks/web_speed.py on
-- 100,000 events; docs/PERFORMANCE.md). Latest-first pages walk events_day backwards and need none.

-- The map draws the deadliest events first: walking this index stops after the points it sends, instead
-- of sorting every event.
CREATE INDEX events_deadliest ON events(coalesce(fatalities, fatalities_high, 0));

-- The timeline counts events and deaths per week and type from this index alone, without reading a row.
CREATE INDEX events_week ON events(day_first, event_type, fatalities, fatalities_high);

-- How many articles report each event (the map's source count): answered from the index alone.
CREATE INDEX event_sources_event_article ON event_sources(event_id, article_id);
DROP INDEX event_sources_event;
