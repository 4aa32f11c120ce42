-- Reconciliation only looks for pending payments, oldest first: one partial
-- index on them replaces two on (status, …), so a settled payment leaves the
-- index instead of adding entries to it on the callback's hot path.
DROP INDEX payments_pending;
DROP INDEX payments_next_check;
CREATE INDEX payments_awaiting ON payments (created_at) WHERE status = 'pending';
