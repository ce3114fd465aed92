-- The on-site support engineer (STS, SPEC §8): an annual service per organization with an assigned engineer,
-- its business reviews every six months and yearly tuning on business days, and each visit's reschedules.

CREATE TABLE sts_services (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  -- a staff user (technical staff, typically)
  engineer_id uuid NOT NULL REFERENCES users (id),
  start_date date NOT NULL,
  end_date date NOT NULL CHECK (end_date >= start_date),
  purchase_order text NOT NULL CHECK (length(purchase_order) BETWEEN 1 AND 100),
  price_cents bigint NOT NULL CHECK (price_cents >= 0),
  currency text NOT NULL DEFAULT 'USD',
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 2000),
  -- the business calendar the visits were scheduled on (the organization's when sold); no reference, so
  -- that a calendar can still be removed once no plan uses it
  calendar_id text NOT NULL,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- one service per organization covering a date, even under concurrent sales
  CONSTRAINT sts_services_no_overlap EXCLUDE USING gist (
    organization_id WITH =, daterange(start_date, end_date, '[]') WITH &&)
);
CREATE INDEX sts_services_engineer_idx ON sts_services (engineer_id);

CREATE TABLE sts_visits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  service_id uuid NOT NULL REFERENCES sts_services (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('business_review', 'tuning')),
  sequence integer NOT NULL CHECK (sequence >= 1),
  -- the business day it was planned on, and the one it is on now (after reschedules)
  due_on date NOT NULL,
  scheduled_on date NOT NULL,
  -- ten business days before scheduled_on: the reminder goes out from that day, once per date
  remind_on date NOT NULL,
  reminder_sent_at timestamptz,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held')),
  held_on date,
  minutes text CHECK (length(minutes) <= 20000),
  held_by uuid REFERENCES users (id),
  held_at timestamptz,
  CHECK ((status = 'held') = (held_on IS NOT NULL AND minutes IS NOT NULL)),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (service_id, kind, sequence)
);
CREATE INDEX sts_visits_agenda_idx ON sts_visits (scheduled_on, id);
CREATE INDEX sts_visits_reminders_idx ON sts_visits (remind_on) WHERE status = 'scheduled' AND reminder_sent_at IS NULL;

-- every move of a visit to another day, with who moved it and why
CREATE TABLE sts_visit_reschedules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  visit_id uuid NOT NULL REFERENCES sts_visits (id) ON DELETE CASCADE,
  from_date date NOT NULL,
  to_date date NOT NULL,
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
  changed_by uuid REFERENCES users (id),
  changed_at timestamptz NOT NULL
);
CREATE INDEX sts_visit_reschedules_visit_idx ON sts_visit_reschedules (visit_id, changed_at);
