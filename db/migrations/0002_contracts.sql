-- Plans, contracts (pólizas), training records, authorized contacts, held requests, settings.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE plans (
  id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,40}$'),
  name text NOT NULL,
  -- PlanSettings of src/domain/contracts/plan.ts, validated on every write
  settings jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- the brochure's defaults; every number is editable by an admin
INSERT INTO plans (id, name, settings) VALUES
  ('estandar', 'Estándar', '{
    "id": "estandar", "name": "Estándar",
    "responseClocks": {
      "P1": {"calendarId": "cdmx-habil", "targetMinutes": 240},
      "P2": {"calendarId": "cdmx-habil", "targetMinutes": 480},
      "P3": {"calendarId": "cdmx-habil", "targetMinutes": 1440},
      "P4": {"calendarId": "cdmx-habil", "targetMinutes": 2520}},
    "maxAuthorizedContacts": 2, "outOfHoursDaysPerYear": 0,
    "feeRateBps": 1800, "minimumFeeCents": 1000000, "phoneP1AnyHour": false}'),
  ('extendido', 'Extendido', '{
    "id": "extendido", "name": "Extendido",
    "responseClocks": {
      "P1": {"calendarId": "24x7", "targetMinutes": 240},
      "P2": {"calendarId": "cdmx-habil", "targetMinutes": 480},
      "P3": {"calendarId": "cdmx-habil", "targetMinutes": 1440},
      "P4": {"calendarId": "cdmx-habil", "targetMinutes": 2520}},
    "maxAuthorizedContacts": 4, "outOfHoursDaysPerYear": 2,
    "feeRateBps": 2200, "minimumFeeCents": 1000000, "phoneP1AnyHour": true}');

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO settings (key, value) VALUES ('contracts', '{"penaltyRateBps": 1000}');

CREATE SEQUENCE contract_number_seq;

CREATE TABLE contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  organization_id uuid NOT NULL REFERENCES organizations (id),
  system_id uuid NOT NULL REFERENCES customer_systems (id),
  plan_id text NOT NULL REFERENCES plans (id),
  -- the plan as it was when the contract was made (or when an admin applied a later change to it)
  plan_settings jsonb NOT NULL,
  kind text NOT NULL CHECK (kind IN ('new', 'renewal', 'reinstatement_lapse', 'reinstatement')),
  start_date date NOT NULL,
  end_date date NOT NULL CHECK (end_date >= start_date),
  sale_price_cents bigint NOT NULL CHECK (sale_price_cents >= 0),
  currency text NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
  annual_fee_cents bigint NOT NULL CHECK (annual_fee_cents >= 0),
  -- what this contract bills: the annual fee, or a reinstatement's lapse and penalty lines
  billed_cents bigint NOT NULL CHECK (billed_cents >= 0),
  billing_lines jsonb NOT NULL DEFAULT '[]',
  purchase_order text,
  notes text NOT NULL DEFAULT '',
  previous_contract_id uuid REFERENCES contracts (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- one contract at a time per system, enforced even under concurrent writes
  CONSTRAINT contracts_no_overlap EXCLUDE USING gist (
    system_id WITH =, daterange(start_date, end_date, '[]') WITH &&)
);
CREATE INDEX contracts_organization_idx ON contracts (organization_id, end_date);
CREATE INDEX contracts_end_idx ON contracts (end_date);

CREATE TABLE training_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contact_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  course text NOT NULL CHECK (length(course) BETWEEN 1 AND 200),
  completed_on date NOT NULL,
  certificate_id text,
  expires_on date CHECK (expires_on IS NULL OR expires_on >= completed_on),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX training_records_contact_idx ON training_records (contact_id);

CREATE TABLE contract_contacts (
  contract_id uuid NOT NULL REFERENCES contracts (id) ON DELETE CASCADE,
  contact_id uuid NOT NULL REFERENCES users (id),
  authorized_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contract_id, contact_id)
);
CREATE INDEX contract_contacts_contact_idx ON contract_contacts (contact_id);

-- requests from organizations without a current contract: not attended until a purchase order is recorded
CREATE TABLE held_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  system_id uuid REFERENCES customer_systems (id),
  requester_id uuid REFERENCES users (id),
  channel text NOT NULL CHECK (channel IN ('portal', 'email', 'phone', 'api')),
  subject text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz,
  released_by uuid REFERENCES users (id),
  purchase_order text
);
CREATE INDEX held_requests_open_idx ON held_requests (organization_id, created_at) WHERE released_at IS NULL;
