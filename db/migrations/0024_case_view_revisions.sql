-- A server process keeps the JSON of the cases it has shown, by case and revision. Every change to a case
-- row, whoever makes it (a reply, the escalation, a calendar's recount), gives it the next revision; the
-- names and settings a case view shows from other rows tell the processes to forget every view kept.
ALTER TABLE cases ADD COLUMN revision bigint NOT NULL DEFAULT 0;

CREATE FUNCTION cases_next_revision() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.revision := OLD.revision + 1;
  RETURN NEW;
END
$$;
CREATE TRIGGER cases_revision BEFORE UPDATE ON cases
  FOR EACH ROW EXECUTE FUNCTION cases_next_revision();

CREATE FUNCTION case_views_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('soporte_case_views', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER organizations_case_views AFTER UPDATE OF name ON organizations
  FOR EACH STATEMENT EXECUTE FUNCTION case_views_changed();
CREATE TRIGGER customer_systems_case_views AFTER UPDATE OF name ON customer_systems
  FOR EACH STATEMENT EXECUTE FUNCTION case_views_changed();
CREATE TRIGGER contracts_case_views AFTER UPDATE OF number, plan_settings ON contracts
  FOR EACH STATEMENT EXECUTE FUNCTION case_views_changed();
CREATE TRIGGER users_case_views AFTER UPDATE OF name, email ON users
  FOR EACH STATEMENT EXECUTE FUNCTION case_views_changed();
CREATE TRIGGER undeliverable_addresses_case_views AFTER INSERT OR UPDATE OR DELETE ON undeliverable_addresses
  FOR EACH STATEMENT EXECUTE FUNCTION case_views_changed();
CREATE TRIGGER calendars_case_views AFTER INSERT OR UPDATE OR DELETE ON calendars
  FOR EACH STATEMENT EXECUTE FUNCTION case_views_changed();
CREATE TRIGGER settings_case_views AFTER INSERT OR UPDATE OR DELETE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION case_views_changed();
