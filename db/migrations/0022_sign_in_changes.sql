-- Each server process keeps the sign-ins it has checked (session or API token → user) in memory and forgets
-- them all when told that one may have changed: signing out, a password change, a revoked or narrowed
-- token, a deactivated user or a changed role. Refreshing a session's last-seen time or a token's last use
-- tells nobody.
CREATE FUNCTION sign_ins_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('soporte_sign_ins', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER sessions_changed AFTER DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION sign_ins_changed();
CREATE TRIGGER sessions_narrowed AFTER UPDATE ON sessions
  FOR EACH ROW WHEN (
    OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.csrf_token IS DISTINCT FROM NEW.csrf_token
    OR NEW.expires_at < OLD.expires_at
  ) EXECUTE FUNCTION sign_ins_changed();

CREATE TRIGGER api_tokens_changed AFTER DELETE ON api_tokens
  FOR EACH ROW EXECUTE FUNCTION sign_ins_changed();
CREATE TRIGGER api_tokens_narrowed AFTER UPDATE ON api_tokens
  FOR EACH ROW WHEN (
    OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.revoked_at IS DISTINCT FROM NEW.revoked_at
    OR OLD.scope IS DISTINCT FROM NEW.scope OR OLD.token_hash IS DISTINCT FROM NEW.token_hash
  ) EXECUTE FUNCTION sign_ins_changed();

CREATE TRIGGER users_changed AFTER DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION sign_ins_changed();
CREATE TRIGGER users_narrowed AFTER UPDATE ON users
  FOR EACH ROW WHEN (
    OLD.email IS DISTINCT FROM NEW.email OR OLD.name IS DISTINCT FROM NEW.name
    OR OLD.role IS DISTINCT FROM NEW.role OR OLD.organization_id IS DISTINCT FROM NEW.organization_id
    OR OLD.preferred_language IS DISTINCT FROM NEW.preferred_language OR OLD.active IS DISTINCT FROM NEW.active
    OR OLD.password_hash IS DISTINCT FROM NEW.password_hash
  ) EXECUTE FUNCTION sign_ins_changed();

CREATE TRIGGER sign_ins_truncated AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION sign_ins_changed();
CREATE TRIGGER api_tokens_truncated AFTER TRUNCATE ON api_tokens
  FOR EACH STATEMENT EXECUTE FUNCTION sign_ins_changed();
CREATE TRIGGER users_truncated AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION sign_ins_changed();
