-- Consulting-hour banks (SPEC §8, "Bolsa de Horas de Consultor Técnico"): packages of quarter hours sold to an
-- organization on a current contract, valid one year; consultants' time entries taken from the package that
-- expires first (an entry may be split across packages); each alert about a package sent once.

-- the smallest package, the low-balance share and the days of warning before expiry
INSERT INTO settings (key, value) VALUES
  ('hour_banks', '{"minPackageHours": 80, "lowBalancePercent": 20, "expiryWarningDays": 30}')
ON CONFLICT (key) DO NOTHING;

CREATE TABLE hour_bank_packages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  -- the support contract the purchase rides on (current on the purchase date)
  contract_id uuid NOT NULL REFERENCES contracts (id),
  -- sold, in quarter hours
  quarters integer NOT NULL CHECK (quarters > 0),
  -- taken so far by the allocations, kept in the same transaction; a manager's override may pass `quarters`
  used_quarters integer NOT NULL DEFAULT 0 CHECK (used_quarters >= 0),
  purchased_on date NOT NULL,
  -- the last day it may be used: one year from the purchase
  expires_on date NOT NULL CHECK (expires_on >= purchased_on),
  purchase_order text NOT NULL CHECK (length(purchase_order) BETWEEN 1 AND 100),
  price_cents bigint NOT NULL CHECK (price_cents >= 0),
  currency text NOT NULL CHECK (currency IN ('USD', 'MXN')),
  sold_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX hour_bank_packages_organization_idx ON hour_bank_packages (organization_id, expires_on);
CREATE INDEX hour_bank_packages_expiry_idx ON hour_bank_packages (expires_on);

CREATE TABLE hour_bank_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  worked_on date NOT NULL,
  -- at most a day
  quarters integer NOT NULL CHECK (quarters BETWEEN 1 AND 96),
  kind text NOT NULL CHECK (kind IN ('installation', 'migration', 'upgrade', 'tuning', 'other')),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  -- a case of the same organization (checked by the service)
  case_id uuid REFERENCES cases (id),
  consultant_id uuid NOT NULL REFERENCES users (id),
  -- a manager's reason for an entry beyond the balance or after expiry; null when none was needed
  override_reason text CHECK (override_reason IS NULL OR length(override_reason) BETWEEN 1 AND 500),
  logged_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX hour_bank_entries_organization_idx
  ON hour_bank_entries (organization_id, worked_on DESC, created_at DESC, id DESC);

-- where an entry's hours came from: one row per package it took from
CREATE TABLE hour_bank_allocations (
  entry_id uuid NOT NULL REFERENCES hour_bank_entries (id) ON DELETE CASCADE,
  package_id uuid NOT NULL REFERENCES hour_bank_packages (id),
  quarters integer NOT NULL CHECK (quarters > 0),
  PRIMARY KEY (entry_id, package_id)
);
CREATE INDEX hour_bank_allocations_package_idx ON hour_bank_allocations (package_id);

-- the primary key is the "sent once": low balance, 30 days before expiry, expired with hours left
CREATE TABLE hour_bank_alerts (
  package_id uuid NOT NULL REFERENCES hour_bank_packages (id),
  kind text NOT NULL CHECK (kind IN ('low_balance', 'expiring', 'expired_unused')),
  -- how many people were mailed
  recipients integer NOT NULL CHECK (recipients >= 0),
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (package_id, kind)
);
