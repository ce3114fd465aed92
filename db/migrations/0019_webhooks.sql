-- Webhooks: endpoints an admin registers, the events written in the same transaction as the change that
-- caused them, one delivery per event and endpoint (the queue, in order per case), and every attempt's log.

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url text NOT NULL CHECK (length(url) BETWEEN 8 AND 2000),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 500),
  events text[] NOT NULL CHECK (cardinality(events) >= 1),
  -- set: a customer's own integration, which receives only its organization's events
  organization_id uuid REFERENCES organizations (id),
  active boolean NOT NULL DEFAULT true,
  -- the signing secret, sealed with the server's secrets key (never stored in clear)
  secret_sealed text NOT NULL,
  -- after a rotation the old secret still signs until this moment, so receivers can switch without a gap
  previous_secret_sealed text,
  previous_secret_until timestamptz,
  -- the first failure of the current run of failures; cleared by a success
  failing_since timestamptz,
  disabled_at timestamptz,
  disabled_reason text CHECK (disabled_reason IN ('admin', 'failing')),
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX webhook_endpoints_active_idx ON webhook_endpoints (organization_id) WHERE active;

CREATE TABLE webhook_events (
  -- the `webhook-id` receivers dedupe on; the same for every endpoint and every retry
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL,
  organization_id uuid REFERENCES organizations (id),
  case_id uuid REFERENCES cases (id),
  payload jsonb NOT NULL,
  -- an event that must happen once (a contract entering its last days) names itself here
  dedupe_key text UNIQUE,
  created_at timestamptz NOT NULL
);

CREATE TABLE webhook_deliveries (
  id bigserial PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  -- deliveries with the same key go out one after another, in id order (the case, else the event)
  order_key uuid NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL,
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX webhook_deliveries_order_idx ON webhook_deliveries (endpoint_id, order_key, id) WHERE status IN ('pending', 'sending');
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id DESC);

CREATE TABLE webhook_attempts (
  id bigserial PRIMARY KEY,
  delivery_id bigint NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  ok boolean NOT NULL,
  status_code integer,
  latency_ms integer NOT NULL,
  error text,
  detail text,
  response_excerpt text NOT NULL DEFAULT ''
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, id);
CREATE INDEX webhook_attempts_endpoint_idx ON webhook_attempts (endpoint_id, id DESC);
