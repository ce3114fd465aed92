-- Escalation timers, in-app notifications and the transactional mail outbox.

-- the escalation plan: a default, and optional plans per (service plan, priority); admins edit it
INSERT INTO settings (key, value) VALUES ('escalation', '{
  "default": [
    {"level": 0, "percent": 75, "audiences": ["assignee", "queue"]},
    {"level": 1, "percent": 100, "audiences": ["manager", "technical_staff"]},
    {"level": 2, "percent": 150, "audiences": ["account_executive", "director"]}],
  "byPlan": {}}');

-- highest level fired on either clock (0 = warned, 1.. = escalated), for the queue and the badge
ALTER TABLE cases ADD COLUMN escalation_level smallint;
ALTER TABLE cases ADD COLUMN escalated_at timestamptz;
-- unguessable token carried in the Message-IDs Soporte sends for the case (threads replies by mail)
ALTER TABLE cases ADD COLUMN thread_token text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '');
CREATE UNIQUE INDEX cases_thread_token_key ON cases (thread_token);
CREATE INDEX cases_escalated_idx ON cases (escalated_at DESC) WHERE escalation_level >= 1;

-- one row per fired step: the primary key is the exactly-once guarantee, across processes and retries
CREATE TABLE case_escalations (
  case_id uuid NOT NULL REFERENCES cases (id),
  clock text NOT NULL CHECK (clock IN ('response', 'resolution')),
  level smallint NOT NULL CHECK (level BETWEEN 0 AND 10),
  due_at timestamptz NOT NULL,
  fired_at timestamptz NOT NULL,
  event_id bigint NOT NULL REFERENCES case_events (id),
  PRIMARY KEY (case_id, clock, level)
);

-- the next unfired step of each running clock and the pg-boss job that fires it
CREATE TABLE escalation_timers (
  case_id uuid NOT NULL REFERENCES cases (id),
  clock text NOT NULL CHECK (clock IN ('response', 'resolution')),
  level smallint NOT NULL,
  due_at timestamptz NOT NULL,
  job_id uuid NOT NULL,
  PRIMARY KEY (case_id, clock)
);
CREATE INDEX escalation_timers_due_idx ON escalation_timers (due_at);

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  case_id uuid REFERENCES cases (id),
  kind text NOT NULL CHECK (kind IN ('warning', 'escalation', 'reply', 'status_changed', 'assigned', 'case_opened')),
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  -- a warning for someone who chose the digest waits here until the digest mail takes it
  digest_state text CHECK (digest_state IN ('pending', 'sent'))
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_digest_idx ON notifications (user_id) WHERE digest_state = 'pending';

CREATE TABLE notification_preferences (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  warning_delivery text NOT NULL DEFAULT 'immediate' CHECK (warning_delivery IN ('immediate', 'digest')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- written in the same transaction as the change that causes the mail; a worker sends it
CREATE TABLE outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- the Message-ID header, also the idempotency key a receiver deduplicates on
  message_id text NOT NULL UNIQUE,
  kind text NOT NULL,
  case_id uuid REFERENCES cases (id),
  to_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  to_address text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
  locale text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  in_reply_to text,
  "references" text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  -- a sender's lease: a crashed sender's message is taken again after it lapses
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_status_idx ON outbox (status, created_at DESC, id);
CREATE INDEX outbox_case_idx ON outbox (case_id);

ALTER TABLE case_events DROP CONSTRAINT case_events_kind_check;
ALTER TABLE case_events ADD CONSTRAINT case_events_kind_check CHECK (kind IN (
  'created', 'reply', 'note', 'status_changed', 'priority_changed', 'assignee_changed',
  'attachment_added', 'response_met', 'escalated', 'warned'));
