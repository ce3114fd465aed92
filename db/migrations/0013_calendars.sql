-- Business calendars are data an admin edits (SPEC §5); plans name them by id.
CREATE TABLE calendars (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- the SPEC §5 file format (with removedHolidays), validated by the domain before it is written
  definition jsonb NOT NULL,
  -- bumped by every edit: a process compares it with its compiled copy before counting time
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO calendars (id, name, definition) VALUES
  ('cdmx-habil', 'CDMX hábil', '{"name":"CDMX hábil","timeZone":"America/Mexico_City","week":{"mon":[["09:00","18:00"]],"tue":[["09:00","18:00"]],"wed":[["09:00","18:00"]],"thu":[["09:00","18:00"]],"fri":[["09:00","18:00"]]},"holidays":[],"holidayRules":["mx-lft","mx-cdmx-customary"],"removedHolidays":[]}'),
  ('24x7', '24×7', '{"name":"24×7","timeZone":"America/Mexico_City","week":{"mon":[["00:00","24:00"]],"tue":[["00:00","24:00"]],"wed":[["00:00","24:00"]],"thu":[["00:00","24:00"]],"fri":[["00:00","24:00"]],"sat":[["00:00","24:00"]],"sun":[["00:00","24:00"]]},"holidays":[],"holidayRules":[],"removedHolidays":[]}');

-- running cases recomputed after a calendar edit, in batches; one row per edit
CREATE TABLE calendar_recomputations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  calendar_id text NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
  calendar_version integer NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done')),
  cases_recomputed integer NOT NULL DEFAULT 0,
  -- the last case id done: a restarted process resumes after it
  after_case_id uuid,
  started_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE INDEX calendar_recomputations_running_idx ON calendar_recomputations (started_at) WHERE status = 'running';
CREATE INDEX cases_sla_calendar_running_idx ON cases (sla_calendar_id, id) WHERE status IN ('new', 'open', 'waiting_on_customer');
CREATE INDEX cases_resolution_calendar_running_idx ON cases (resolution_calendar_id, id) WHERE status IN ('new', 'open', 'waiting_on_customer');

-- a case registered inside a confirmed out-of-hours window runs its response clock on 24×7 (SPEC §8):
-- the window it was registered in, kept so a later triage recounts on the same clock
ALTER TABLE cases ADD COLUMN sla_window jsonb;
