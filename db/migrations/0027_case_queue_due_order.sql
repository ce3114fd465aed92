-- The "due soon" and "breached" queues list the most urgent first, paged on (response_due_at, id): an index
-- in exactly that order lets every plan, generic or not, walk it and stop at the page's length (on the
-- due time alone, a plan that expects a short range sorts the whole range first).
CREATE INDEX cases_queue_due_order_idx ON cases (response_due_at, id)
  WHERE response_met_at IS NULL AND status IN ('new', 'open', 'waiting_on_customer');
DROP INDEX cases_queue_due_idx;
