-- A server process keeps each caller's queue counts (GET /cases/counts) until a case is opened or changes
-- what the queues are made of: these triggers tell every process to count again. Per row, only when such a
-- column really changes (the escalation sweep's updates of no row say nothing); one transaction's
-- notifications are one.
CREATE FUNCTION case_counts_changed() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('soporte_case_counts', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER cases_counts_insert_delete AFTER INSERT OR DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION case_counts_changed();
CREATE TRIGGER cases_counts_update AFTER UPDATE ON cases
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status
    OR OLD.triaged_at IS DISTINCT FROM NEW.triaged_at
    OR OLD.escalation_level IS DISTINCT FROM NEW.escalation_level
    OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id
    OR OLD.response_met_at IS DISTINCT FROM NEW.response_met_at
    OR OLD.response_due_at IS DISTINCT FROM NEW.response_due_at
    OR OLD.organization_id IS DISTINCT FROM NEW.organization_id
  ) EXECUTE FUNCTION case_counts_changed();
