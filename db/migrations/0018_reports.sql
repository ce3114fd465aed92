-- Reports (SPEC §9) read indexed aggregates, never every case in Node.

-- the first response's business time on the case's own calendar, written with the reply that met it
ALTER TABLE cases ADD COLUMN response_business_seconds integer CHECK (response_business_seconds >= 0);

-- periods are by registration: an index-only scan gives every column compliance, response times and the
-- filters read, without touching the case rows
CREATE INDEX cases_report_idx ON cases (registered_at) INCLUDE (
  organization_id, priority, status, response_due_at, response_met_at, response_business_seconds,
  channel, assignee_id, system_id, contract_id, sla_calendar_id
);
-- how many groups (priority, organization, month) there are, so the planner hashes them
CREATE STATISTICS cases_report_groups (ndistinct)
  ON priority, organization_id, (date_trunc('month', registered_at AT TIME ZONE 'America/Mexico_City'))
  FROM cases;

-- escalations by when they fired, and the case columns their filters read, by id
CREATE INDEX case_escalations_fired_idx ON case_escalations (fired_at) INCLUDE (case_id, level);
CREATE INDEX cases_filter_idx ON cases (id) INCLUDE (
  organization_id, status, priority, channel, assignee_id, system_id, contract_id
);
-- the open backlog by age
CREATE INDEX cases_open_registered_idx ON cases (registered_at) WHERE status IN ('new', 'open', 'waiting_on_customer');
