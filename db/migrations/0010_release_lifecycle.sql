-- The support policy (SPEC §2): the end of support of an older major line, announced at least six months
-- ahead; one announcement per line.
CREATE TABLE eol_announcements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  major integer NOT NULL CHECK (major >= 0),
  announced_on date NOT NULL,
  end_of_support_on date NOT NULL CHECK (end_of_support_on >= announced_on),
  note text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  announced_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- the customer systems on the line when it was announced (their contacts were told by mail)
  systems_notified integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  UNIQUE (product_id, major)
);

-- what the support policy said of the system's version when the case was registered
ALTER TABLE cases ADD COLUMN version_support text;
ALTER TABLE cases ADD COLUMN version_end_of_support date;
