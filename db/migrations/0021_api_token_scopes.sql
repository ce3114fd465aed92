-- A personal API token may be limited to reading: its writes are refused (403) whatever the user's role.
-- Tokens created before scopes existed keep the access they had.
ALTER TABLE api_tokens
  ADD COLUMN scope text NOT NULL DEFAULT 'read_write' CHECK (scope IN ('read_write', 'read_only'));
