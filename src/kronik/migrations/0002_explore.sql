-- kronik knowledge base, schema 2: what the exploring commands (timeline, actor, dyad, ask)
-- need to answer in milliseconds on millions of events.

-- One row per actor taking part in a merged event: its source and its target (actor codes)
-- and every person named in it (canonical name). `partner` is the code on the other side,
-- so one index range holds a whole dyad in both directions, in date order. The event's
-- date, type, quad, status and intensity are copied here so that timeline, dyad and profile
-- queries read this table's indexes alone. Kept in step with `events` by the triggers below,
-- so the merge step (store.merge_events) needs to know nothing about it.
CREATE TABLE event_actors (
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    actor     TEXT NOT NULL,                -- actor code (RUS, UNSC) or a person's canonical name
    role      TEXT NOT NULL,                -- source, target, person
    partner   TEXT,                         -- source/target rows: the code on the other side
    date      TEXT,
    type      TEXT NOT NULL,
    quad      TEXT NOT NULL,
    status    TEXT NOT NULL,
    intensity REAL
);
-- An actor's events in date order (timeline --actor, actor profile, partners).
CREATE INDEX event_actors_actor ON event_actors(actor, date, event_id, type, status, quad, partner);
-- A dyad's events in date order, with what the relationship index sums.
CREATE INDEX event_actors_dyad ON event_actors(actor, partner, date, event_id, role, status, quad, intensity);
CREATE INDEX event_actors_event ON event_actors(event_id);

CREATE TRIGGER event_actors_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_actors (event_id, actor, role, partner, date, type, quad, status, intensity)
    SELECT NEW.id, NEW.source, 'source', NEW.target, NEW.date, NEW.type, NEW.quad, NEW.status, NEW.intensity
    WHERE NEW.source IS NOT NULL;
    INSERT INTO event_actors (event_id, actor, role, partner, date, type, quad, status, intensity)
    SELECT NEW.id, NEW.target, 'target', NEW.source, NEW.date, NEW.type, NEW.quad, NEW.status, NEW.intensity
    WHERE NEW.target IS NOT NULL AND NEW.target IS NOT NEW.source;
    INSERT INTO event_actors (event_id, actor, role, partner, date, type, quad, status, intensity)
    SELECT DISTINCT NEW.id, j.value, 'person', NULL, NEW.date, NEW.type, NEW.quad, NEW.status, NEW.intensity
    FROM json_each(NEW.actors) AS j WHERE j.type = 'text';
END;

CREATE TRIGGER event_actors_delete AFTER DELETE ON events BEGIN
    DELETE FROM event_actors WHERE event_id = OLD.id;
END;

CREATE TRIGGER event_actors_update AFTER UPDATE OF source, target, date, type, quad, status, intensity, actors
ON events BEGIN
    DELETE FROM event_actors WHERE event_id = OLD.id;
    INSERT INTO event_actors (event_id, actor, role, partner, date, type, quad, status, intensity)
    SELECT NEW.id, NEW.source, 'source', NEW.target, NEW.date, NEW.type, NEW.quad, NEW.status, NEW.intensity
    WHERE NEW.source IS NOT NULL;
    INSERT INTO event_actors (event_id, actor, role, partner, date, type, quad, status, intensity)
    SELECT NEW.id, NEW.target, 'target', NEW.source, NEW.date, NEW.type, NEW.quad, NEW.status, NEW.intensity
    WHERE NEW.target IS NOT NULL AND NEW.target IS NOT NEW.source;
    INSERT INTO event_actors (event_id, actor, role, partner, date, type, quad, status, intensity)
    SELECT DISTINCT NEW.id, j.value, 'person', NULL, NEW.date, NEW.type, NEW.quad, NEW.status, NEW.intensity
    FROM json_each(NEW.actors) AS j WHERE j.type = 'text';
END;

-- Events already merged by schema 1.
INSERT INTO event_actors (event_id, actor, role, partner, date, type, quad, status, intensity)
SELECT id, source, 'source', target, date, type, quad, status, intensity FROM events WHERE source IS NOT NULL;
INSERT INTO event_actors (event_id, actor, role, partner, date, type, quad, status, intensity)
SELECT id, target, 'target', source, date, type, quad, status, intensity FROM events
WHERE target IS NOT NULL AND target IS NOT source;
INSERT INTO event_actors (event_id, actor, role, partner, date, type, quad, status, intensity)
SELECT DISTINCT e.id, j.value, 'person', NULL, e.date, e.type, e.quad, e.status, e.intensity
FROM events AS e, json_each(e.actors) AS j WHERE j.type = 'text';

-- A timeline of rare types or statuses (PROTEST, hypothetical …) counts and sorts them here
-- instead of reading every event in date order to find a page of them.
CREATE INDEX events_type_status ON events(type, status, date);

-- Actor names in a question or on the command line ('Putin', 'Korea Utara') are looked up
-- among the texts of the mentions, whatever their case.
CREATE INDEX mentions_text ON mentions(text COLLATE NOCASE, entity_id);
-- An actor's aliases (the texts it is mentioned by) without reading every mention row.
CREATE INDEX mentions_entity_text ON mentions(entity_id, text);
