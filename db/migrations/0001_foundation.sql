-- Foundation: organizations, people, sign-in, catalog, customer systems, audit.

-- accent- and case-insensitive matching for searches ("tecnologica" finds "Tecnológica")
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE FUNCTION soporte_fold(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;

CREATE TABLE organizations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  rfc text CHECK (rfc ~ '^[A-ZÑ&]{3,4}[0-9]{6}[A-Z0-9]{3}$'),
  email_domains text[] NOT NULL DEFAULT '{}',
  time_zone text NOT NULL DEFAULT 'America/Mexico_City',
  account_executive_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organizations_name_key ON organizations (lower(name));
CREATE UNIQUE INDEX organizations_rfc_key ON organizations (rfc) WHERE rfc IS NOT NULL;
CREATE INDEX organizations_email_domains_idx ON organizations USING gin (email_domains);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  role text NOT NULL CHECK (role IN ('admin', 'manager', 'specialist', 'technical_staff', 'account_executive', 'customer_contact')),
  organization_id uuid REFERENCES organizations (id),
  phone text,
  preferred_language text NOT NULL DEFAULT 'es-MX' CHECK (preferred_language IN ('es-MX', 'en')),
  password_hash text,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- a customer contact belongs to exactly one organization; staff to none
  CONSTRAINT users_contact_has_organization CHECK ((role = 'customer_contact') = (organization_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_organization_idx ON users (organization_id, lower(name));
CREATE INDEX users_role_idx ON users (role, lower(name));

ALTER TABLE organizations
  ADD CONSTRAINT organizations_account_executive_fk
  FOREIGN KEY (account_executive_id) REFERENCES users (id) ON DELETE SET NULL;

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- failed sign-ins, for rate limiting per account and per address across processes
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  email text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email_idx ON login_failures (email, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX products_name_key ON products (lower(name));

CREATE TABLE product_modules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX product_modules_name_key ON product_modules (product_id, lower(name));

CREATE TABLE releases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  major integer NOT NULL CHECK (major >= 0),
  minor integer NOT NULL CHECK (minor >= 0),
  patch integer NOT NULL CHECK (patch >= 0),
  kind text NOT NULL CHECK (kind IN ('major', 'minor', 'patch')),
  release_date date NOT NULL,
  notes text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX releases_version_key ON releases (product_id, major, minor, patch);

CREATE TABLE customer_systems (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id uuid NOT NULL REFERENCES organizations (id),
  product_id uuid NOT NULL REFERENCES products (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  installed_version text NOT NULL,
  environment text NOT NULL CHECK (environment IN ('production', 'test', 'development')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_systems_name_key ON customer_systems (organization_id, lower(name));
CREATE INDEX customer_systems_product_idx ON customer_systems (product_id);

CREATE TABLE customer_system_modules (
  system_id uuid NOT NULL REFERENCES customer_systems (id) ON DELETE CASCADE,
  module_id uuid NOT NULL REFERENCES product_modules (id) ON DELETE CASCADE,
  PRIMARY KEY (system_id, module_id)
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
  action text NOT NULL,
  entity text NOT NULL,
  entity_id uuid,
  organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_organization_idx ON audit_log (organization_id, at);
