-- Reports (SPEC §9) read indexed aggregates, never every case in Node.

-- the first response's business time on the case's own calendar, written with the reply that met it
ALTER TABLE cases ADD COLUMN response_business_seconds integer CHECK (response_business_seconds >= 0);

-- periods are by registration; escalations by when they fired
CREATE INDEX cases_registered_idx ON cases (registered_at);
CREATE INDEX case_escalations_fired_idx ON case_escalations (fired_at);
-- the open backlog by age
CREATE INDEX cases_open_registered_idx ON cases (registered_at) WHERE status IN ('new', 'open', 'waiting_on_customer');
