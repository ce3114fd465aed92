-- Email intake: every received message is stored first (raw bytes), then processed from the store.

INSERT INTO settings (key, value) VALUES ('mail', '{
  "supportAddresses": [],
  "trustedAuthServIds": [],
  "autoRepliesPerAddressPerDay": 5,
  "loopThreshold": {"messages": 20, "minutes": 10},
  "imap": null}');

CREATE TABLE inbound_mail (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- sha256 of the Message-ID, or of the raw bytes when there is none: a message is processed once
  dedupe_key text NOT NULL UNIQUE,
  message_id text,
  source text NOT NULL CHECK (source IN ('smtp', 'imap')),
  -- envelope sender and recipients, client address, IMAP mailbox and uid
  source_detail jsonb NOT NULL DEFAULT '{}',
  raw bytea NOT NULL,
  size_bytes integer NOT NULL,
  received_at timestamptz NOT NULL,
  deliveries integer NOT NULL DEFAULT 1,
  last_delivered_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'received'
    CHECK (status IN ('received', 'processing', 'processed', 'review', 'ignored', 'failed')),
  -- what processing decided: case_opened, reply_added, refused, held, or the review/ignore reason
  outcome text,
  detail text,
  from_address text,
  subject text,
  case_id uuid REFERENCES cases (id),
  held_request_id uuid REFERENCES held_requests (id),
  auto_replied boolean NOT NULL DEFAULT false,
  -- sanitized, inert HTML of the message for display
  html text,
  attempts integer NOT NULL DEFAULT 0,
  claim_id uuid,
  locked_until timestamptz,
  processed_at timestamptz,
  resolved_by uuid REFERENCES users (id),
  resolved_at timestamptz
);
CREATE INDEX inbound_mail_pending_idx ON inbound_mail (received_at) WHERE status IN ('received', 'processing');
CREATE INDEX inbound_mail_attention_idx ON inbound_mail (received_at DESC, id) WHERE status IN ('review', 'failed');
CREATE INDEX inbound_mail_from_idx ON inbound_mail (from_address, received_at);
CREATE INDEX inbound_mail_case_idx ON inbound_mail (case_id);

-- a case event that came by mail names its message (original headers on demand)
CREATE INDEX case_events_inbound_mail_idx ON case_events ((data ->> 'inboundMailId')) WHERE data ? 'inboundMailId';
