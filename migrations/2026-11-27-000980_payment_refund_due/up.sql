-- Money confirmed for a checkout the user abandoned while another subscription already grants
-- them a plan (issue 9): received, bought nothing, owed back. A state of its own so that
-- GET /api/payments and operators see it. Since PostgreSQL 12, ADD VALUE may run inside the
-- migration's transaction as long as nothing in that transaction uses the new value.
ALTER TYPE payment_state ADD VALUE 'refund_due';
