-- A held request released with its purchase order opens its case under the new contract (SPEC §3).
ALTER TABLE held_requests ADD COLUMN case_id uuid REFERENCES cases (id);

-- an email's attachments, kept with the request it was held as until its case takes them
CREATE TABLE held_request_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  held_request_id uuid NOT NULL REFERENCES held_requests (id) ON DELETE CASCADE,
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  content bytea NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX held_request_attachments_request_idx ON held_request_attachments (held_request_id);
