-- The desk's queues and search at 100,000 cases: each queue's first page reads its own partial index newest
-- first instead of filtering every running case; the counts of all queues come from one index-only pass; a
-- search for a word in the number or subject reads a folded copy kept beside them (no unaccent per row) with a
-- trigram index.

CREATE INDEX cases_queue_untriaged_idx ON cases (registered_at DESC, id DESC)
  WHERE triaged_at IS NULL AND status = 'new';
CREATE INDEX cases_queue_escalated_idx ON cases (registered_at DESC, id DESC)
  WHERE escalation_level >= 1 AND status IN ('new', 'open', 'waiting_on_customer');
CREATE INDEX cases_queue_mine_idx ON cases (assignee_id, registered_at DESC, id DESC)
  WHERE status IN ('new', 'open', 'waiting_on_customer');
CREATE INDEX cases_queue_unassigned_idx ON cases (registered_at DESC, id DESC)
  WHERE assignee_id IS NULL AND status IN ('new', 'open', 'waiting_on_customer');
CREATE INDEX cases_queue_unanswered_idx ON cases (registered_at DESC, id DESC) INCLUDE (response_due_at)
  WHERE response_met_at IS NULL AND status IN ('new', 'open', 'waiting_on_customer');
CREATE INDEX cases_queue_waiting_idx ON cases (registered_at DESC, id DESC)
  WHERE status = 'waiting_on_customer';
CREATE INDEX cases_queue_counts_idx ON cases (organization_id)
  INCLUDE (status, triaged_at, escalation_level, assignee_id, response_met_at, response_due_at)
  WHERE status IN ('new', 'open', 'waiting_on_customer');

ALTER TABLE cases ADD COLUMN search_text text GENERATED ALWAYS AS (soporte_fold(number || ' ' || subject)) STORED;
CREATE INDEX cases_search_trgm_idx ON cases USING gin (search_text gin_trgm_ops);
CREATE INDEX organizations_name_trgm_idx ON organizations USING gin (soporte_fold(name) gin_trgm_ops);
