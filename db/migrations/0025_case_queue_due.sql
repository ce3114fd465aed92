-- The desk's "due soon" and "breached" queues: the running cases whose first response is still owed, by its
-- due time. Both read the few cases in their range here and sort them newest first, instead of walking the
-- newest-first index past every case still inside its target.
CREATE INDEX cases_queue_due_idx ON cases (response_due_at) INCLUDE (registered_at)
  WHERE response_met_at IS NULL AND status IN ('new', 'open', 'waiting_on_customer');
