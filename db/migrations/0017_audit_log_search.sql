-- The audit log people can search (GET /api/v1/audit), and kept as written.

-- how the actor came: a session, a personal API token, an email, or the operator (older rows: unknown)
ALTER TABLE audit_log ADD COLUMN via text CHECK (via IN ('session', 'token', 'email', 'system'));

-- A deleted user or organization must not rewrite the log: ON DELETE SET NULL would update its rows.
-- Users and organizations are deactivated, never deleted; a delete of one the log names is refused.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_id_fkey;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES users (id);
ALTER TABLE audit_log DROP CONSTRAINT audit_log_organization_id_fkey;
ALTER TABLE audit_log
  ADD CONSTRAINT audit_log_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

-- Entries are written once: an UPDATE, DELETE or TRUNCATE of the log fails, whoever runs it.
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log entries cannot be changed or deleted (% refused)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_or_delete
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- The list is newest first by (at, id); each filter has an index in that order.
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
CREATE INDEX audit_log_entity_at_idx ON audit_log (entity, at, id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, at, id);
-- exact actions, and prefixes such as 'calendar.' (LIKE 'calendar.%' needs the pattern operators)
CREATE INDEX audit_log_action_idx ON audit_log (action text_pattern_ops, at);
-- (entity, entity_id, at) and (organization_id, at) exist since 0001

-- words in the details, accents and case ignored ("tecnologica" finds "Tecnológica")
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX audit_log_details_trgm_idx ON audit_log USING gin (soporte_fold(details::text) gin_trgm_ops);
