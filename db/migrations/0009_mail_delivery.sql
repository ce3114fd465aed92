-- Bounces that say why (RFC 3464): what the report said about the outgoing message's recipient.
ALTER TABLE outbox ADD COLUMN bounce_action text;
ALTER TABLE outbox ADD COLUMN bounce_status text;
ALTER TABLE outbox ADD COLUMN bounce_recipient text;
ALTER TABLE outbox ADD COLUMN bounce_diagnostic text;
ALTER TABLE outbox ADD COLUMN bounced_at timestamptz;

-- Addresses a permanent failure (5.x.x) was reported for, until mail from them arrives or staff clear them.
CREATE TABLE undeliverable_addresses (
  address text PRIMARY KEY CHECK (address = lower(address)),
  status text,
  diagnostic text,
  outbox_id uuid REFERENCES outbox (id) ON DELETE SET NULL,
  since timestamptz NOT NULL
);

-- the desk's notes the email channel writes on a case: a cited thread of another organization, a mail of the
-- case that could not be delivered
ALTER TABLE case_events DROP CONSTRAINT case_events_kind_check;
ALTER TABLE case_events ADD CONSTRAINT case_events_kind_check CHECK (kind IN (
  'created', 'reply', 'note', 'status_changed', 'priority_changed', 'assignee_changed',
  'attachment_added', 'response_met', 'escalated', 'warned', 'foreign_thread_cited', 'mail_bounced'));

-- our own Message-IDs come back in bounces and forwarded copies: found by the bare, lower-case form
CREATE INDEX outbox_bare_message_id_idx ON outbox (lower(trim(both '<>' from message_id)));
