-- The support center (SPEC §7): articles (technical alerts, tips, published resolutions), feature requests
-- with votes and followers, subscriptions, and Spanish-aware full-text search over both.

-- Spanish stemming that ignores accents: "migracion" finds "migración", "firmas" finds "firma".
CREATE TEXT SEARCH CONFIGURATION soporte_es (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION soporte_es
  ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, pg_catalog.spanish_stem;

CREATE TABLE articles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('alert', 'tip', 'resolution')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  product_id uuid REFERENCES products (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- Markdown as written, and the inert HTML rendered from it when saved
  body text NOT NULL DEFAULT '' CHECK (length(body) <= 100000),
  body_html text NOT NULL DEFAULT '',
  -- alerts only
  severity text CHECK (severity IN ('critical', 'high', 'medium', 'low')),
  affected_from text,
  affected_to text,
  workaround text NOT NULL DEFAULT '' CHECK (length(workaround) <= 20000),
  workaround_html text NOT NULL DEFAULT '',
  fixed_in_release_id uuid REFERENCES releases (id),
  CHECK (kind <> 'alert' OR (product_id IS NOT NULL AND severity IS NOT NULL)),
  first_published_at timestamptz,
  published_at timestamptz,
  created_by uuid REFERENCES users (id),
  updated_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  -- body and workaround without Markdown's marks: what a search snippet quotes, prepared when saved
  snippet_text text GENERATED ALWAYS AS (
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(
      body || ' ' || workaround, '\[([^\]]*)\]\([^)]*\)', '\1', 'g'),
      '[*_`]+', '', 'g'), '[#>|]+', ' ', 'g'), '\s+', ' ', 'g')
  ) STORED,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('soporte_es', title), 'A') ||
    setweight(to_tsvector('soporte_es', body), 'B') ||
    setweight(to_tsvector('soporte_es', workaround), 'C')
  ) STORED
);
CREATE INDEX articles_search_idx ON articles USING gin (search);
CREATE INDEX articles_listing_idx ON articles (status, kind, published_at DESC, id);
CREATE INDEX articles_product_idx ON articles (product_id, status);

-- a published resolution may name the cases it came from (staff see the links, customers only the text)
CREATE TABLE article_cases (
  article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  case_id uuid NOT NULL REFERENCES cases (id),
  PRIMARY KEY (article_id, case_id)
);

CREATE TABLE article_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL,
  content bytea NOT NULL,
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX article_attachments_article_idx ON article_attachments (article_id);

-- who read which alert (the portal's unread alerts)
CREATE TABLE article_reads (
  article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, article_id)
);

-- per person, product and kind of article; digest: collected and sent hourly instead of one mail each
CREATE TABLE support_subscriptions (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('alert', 'tip', 'resolution')),
  digest boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (user_id, product_id, kind)
);
CREATE INDEX support_subscriptions_product_idx ON support_subscriptions (product_id, kind);

-- one row per article and subscriber: the primary key is the "told once"; pending rows wait for the digest
CREATE TABLE article_deliveries (
  article_id uuid NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('pending', 'sent')),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (article_id, user_id)
);
CREATE INDEX article_deliveries_pending_idx ON article_deliveries (user_id) WHERE state = 'pending';

CREATE TABLE feature_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number integer GENERATED ALWAYS AS IDENTITY UNIQUE,
  product_id uuid NOT NULL REFERENCES products (id),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  submitted_by uuid REFERENCES users (id),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'under_review', 'planned', 'released', 'declined')),
  status_reason text NOT NULL DEFAULT '' CHECK (length(status_reason) <= 2000),
  release_id uuid REFERENCES releases (id),
  merged_into_id uuid REFERENCES feature_requests (id),
  vote_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  status_changed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('soporte_es', title), 'A') || setweight(to_tsvector('soporte_es', description), 'B')
  ) STORED
);
CREATE INDEX feature_requests_search_idx ON feature_requests USING gin (search);
CREATE INDEX feature_requests_listing_idx ON feature_requests (product_id, status, vote_count DESC, id);

CREATE TABLE feature_request_votes (
  request_id uuid NOT NULL REFERENCES feature_requests (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, user_id)
);

CREATE TABLE feature_request_followers (
  request_id uuid NOT NULL REFERENCES feature_requests (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, user_id)
);
CREATE INDEX feature_request_followers_user_idx ON feature_request_followers (user_id);

-- the public history of a request's status; each row is told to the followers once
CREATE TABLE feature_request_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES feature_requests (id) ON DELETE CASCADE,
  from_status text,
  to_status text NOT NULL,
  reason text NOT NULL DEFAULT '',
  release_id uuid REFERENCES releases (id),
  changed_by uuid REFERENCES users (id),
  changed_at timestamptz NOT NULL
);
CREATE INDEX feature_request_changes_request_idx ON feature_request_changes (request_id, id);

-- files of a release (installers, notes), in the database like case attachments; an installer may be
-- hundreds of megabytes, so its bytes are kept in 1 MB chunks, written and read one at a time
CREATE TABLE release_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  release_id uuid NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL,
  uploaded_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (release_id, filename)
);

CREATE TABLE release_file_chunks (
  file_id uuid NOT NULL REFERENCES release_files (id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 0),
  data bytea NOT NULL,
  PRIMARY KEY (file_id, seq)
);

-- every download: who, what, when (and under which contract for a customer)
CREATE TABLE release_downloads (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  file_id uuid NOT NULL REFERENCES release_files (id) ON DELETE CASCADE,
  user_id uuid REFERENCES users (id),
  organization_id uuid REFERENCES organizations (id),
  contract_id uuid REFERENCES contracts (id),
  downloaded_at timestamptz NOT NULL
);
CREATE INDEX release_downloads_file_idx ON release_downloads (file_id, downloaded_at DESC);
