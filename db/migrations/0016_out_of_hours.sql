-- Out-of-hours days (SPEC §8, Extendido): maintenance windows an authorized contact books ahead of time and
-- staff confirm; cases of the organization registered inside a confirmed window run on a 24×7 clock.
CREATE TABLE out_of_hours_windows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  -- the contract whose quota the window takes, and which of its years (0 = the first twelve months)
  contract_id uuid NOT NULL REFERENCES contracts (id),
  contract_year integer NOT NULL CHECK (contract_year >= 0),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  -- the zone of the organization's business calendar, in which the times were entered
  time_zone text NOT NULL,
  maintenance text NOT NULL CHECK (length(maintenance) BETWEEN 1 AND 2000),
  status text NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'confirmed', 'declined', 'cancelled')),
  requested_by uuid REFERENCES users (id),
  confirmed_by uuid REFERENCES users (id),
  confirmed_at timestamptz,
  declined_by uuid REFERENCES users (id),
  declined_at timestamptz,
  cancelled_by uuid REFERENCES users (id),
  cancelled_at timestamptz,
  -- why it was declined or cancelled
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
  -- the day came back to the contract year: declined, or cancelled with enough notice
  refunded boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '24 hours'),
  CHECK (status <> 'confirmed' OR confirmed_at IS NOT NULL),
  CHECK (status <> 'declined' OR (declined_at IS NOT NULL AND refunded)),
  CHECK (status <> 'cancelled' OR cancelled_at IS NOT NULL),
  CHECK (refunded = false OR status IN ('declined', 'cancelled'))
);

-- "the confirmed window of organization X containing instant T": windows last at most 24 hours, so the
-- lookup reads the few that started in the 24 hours up to T
CREATE INDEX out_of_hours_windows_confirmed_idx ON out_of_hours_windows (organization_id, starts_at)
  WHERE status = 'confirmed';
-- a contract's quota, by contract year
CREATE INDEX out_of_hours_windows_contract_idx ON out_of_hours_windows (contract_id, contract_year);
-- the lists: newest window first, all of them or one organization's
CREATE INDEX out_of_hours_windows_list_idx ON out_of_hours_windows (starts_at DESC, id DESC);
CREATE INDEX out_of_hours_windows_organization_idx ON out_of_hours_windows (organization_id, starts_at DESC, id DESC);

-- business days of notice a booking needs (counted on the organization's business calendar)
INSERT INTO settings (key, value) VALUES ('out_of_hours', '{"noticeBusinessDays": 5}')
  ON CONFLICT (key) DO NOTHING;
