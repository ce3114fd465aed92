-- Cases with their timeline, attachments and response service level.

INSERT INTO settings (key, value) VALUES ('cases', '{"reopenWindowDays": 15}');

CREATE TABLE case_counters (
  year integer PRIMARY KEY,
  last integer NOT NULL
);

CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  system_id uuid NOT NULL REFERENCES customer_systems (id),
  contract_id uuid NOT NULL REFERENCES contracts (id),
  requester_id uuid NOT NULL REFERENCES users (id),
  channel text NOT NULL CHECK (channel IN ('portal', 'email', 'phone', 'api')),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  description text NOT NULL CHECK (length(description) <= 50000),
  installed_version text NOT NULL,
  environment text NOT NULL CHECK (environment IN ('production', 'test', 'development')),
  affected_percent numeric(5, 2) NOT NULL CHECK (affected_percent BETWEEN 0 AND 100),
  can_keep_working boolean NOT NULL,
  -- the precondition checklist, item by item (SPEC §4)
  checklist jsonb NOT NULL,
  suggested_priority text NOT NULL CHECK (suggested_priority IN ('P1', 'P2', 'P3', 'P4')),
  proposed_priority text CHECK (proposed_priority IN ('P1', 'P2', 'P3', 'P4')),
  priority text NOT NULL CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
  triaged_at timestamptz,
  status text NOT NULL CHECK (status IN ('new', 'open', 'waiting_on_customer', 'resolved', 'closed', 'held')),
  assignee_id uuid REFERENCES users (id),
  registered_at timestamptz NOT NULL,
  -- response service level: target of (plan, priority) on that priority's calendar, from registration
  sla_calendar_id text NOT NULL,
  sla_target_minutes integer NOT NULL CHECK (sla_target_minutes > 0),
  response_due_at timestamptz NOT NULL,
  response_met_at timestamptz,
  sla_explanation jsonb NOT NULL,
  -- optional resolution target: paused while waiting on the customer
  resolution_calendar_id text,
  resolution_target_minutes integer CHECK (resolution_target_minutes > 0),
  resolution_due_at timestamptz,
  resolution_met_at timestamptz,
  paused_since timestamptz,
  pauses jsonb NOT NULL DEFAULT '[]',
  resolved_at timestamptz,
  closed_at timestamptz,
  -- optimistic concurrency: a write names the version it read
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_organization_idx ON cases (organization_id, registered_at DESC);
CREATE INDEX cases_status_idx ON cases (status, response_due_at);
CREATE INDEX cases_assignee_idx ON cases (assignee_id, status);

-- the case history: append-only
CREATE TABLE case_events (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  at timestamptz NOT NULL,
  actor_id uuid REFERENCES users (id),
  kind text NOT NULL CHECK (kind IN (
    'created', 'reply', 'note', 'status_changed', 'priority_changed', 'assignee_changed',
    'attachment_added', 'response_met', 'escalated')),
  visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 50000),
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case history is append-only';
END $$;
CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();

CREATE TABLE case_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  event_id bigint REFERENCES case_events (id),
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL,
  visibility text NOT NULL CHECK (visibility IN ('public', 'internal')),
  content bytea NOT NULL,
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_attachments_case_idx ON case_attachments (case_id);
