-- Automatic replies per address are now counted from inbound_mail (the replies its mail received), so
-- nothing reads the outbox by recipient any more: the index only cost every outgoing mail a write.
DROP INDEX IF EXISTS outbox_to_address_idx;

-- An escalation timer gets its pg-boss job only when its step comes within a few minutes (the sweep arms
-- it): a case opened, triaged or answered no longer writes and cancels jobs for steps hours away.
ALTER TABLE escalation_timers ALTER COLUMN job_id DROP NOT NULL;
CREATE INDEX escalation_timers_unarmed_idx ON escalation_timers (due_at) WHERE job_id IS NULL;

-- A system's contracts were found through the overlap constraint's GiST index, milliseconds per lookup even
-- on a few rows; every intake asks. And a contract's successor was a scan of all contracts, per contract.
CREATE INDEX contracts_system_idx ON contracts (system_id, start_date);
CREATE INDEX contracts_previous_idx ON contracts (previous_contract_id) WHERE previous_contract_id IS NOT NULL;
