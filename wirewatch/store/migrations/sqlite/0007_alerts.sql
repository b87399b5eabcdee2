-- Watchlist alerts (wirewatch/alerts, docs/alerts.md): which events changed, and what was alerted.

-- The latest change of each event, numbered in order. A run notes the highest number before it starts
-- and, once done, evaluates the events numbered above it. Triggers keep it, so every writer of events
-- (ingest, analyze, the web app's ingest, another process) records its changes without knowing about
-- alerts, inside the same transaction; REPLACE keeps one row per event, and AUTOINCREMENT never reuses a
-- number, so a mark stays valid whatever happens later. Unlike a clock (updated_at has one-second
-- resolution and may step back), the numbers cannot miss a change made in the same second as the mark.
CREATE TABLE event_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    changed_at TEXT NOT NULL
);
INSERT INTO event_changes (event_id, changed_at) SELECT id, updated_at FROM events ORDER BY rowid;
CREATE TRIGGER events_changed_ai AFTER INSERT ON events BEGIN
    INSERT OR REPLACE INTO event_changes (event_id, changed_at) VALUES (new.id, new.updated_at);
END;
CREATE TRIGGER events_changed_au AFTER UPDATE ON events BEGIN
    INSERT OR REPLACE INTO event_changes (event_id, changed_at) VALUES (new.id, new.updated_at);
END;
CREATE TRIGGER events_changed_ad AFTER DELETE ON events BEGIN
    DELETE FROM event_changes WHERE event_id = old.id;
END;

-- One row per alert decided: for a watchlist (by name) and an event, the figures it was alerted with.
-- The latest row of a pair is what the next change is compared with: the same figures send nothing,
-- other figures send an "update" carrying these as the previous ones.
CREATE TABLE alerts_sent (
    id INTEGER PRIMARY KEY,
    watchlist TEXT NOT NULL,
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    delivered TEXT NOT NULL DEFAULT '',
    failed TEXT NOT NULL DEFAULT ''
);
CREATE INDEX alerts_sent_pair ON alerts_sent(watchlist, event_id, id);
