-- PostgreSQL cannot drop an enum value, so the type is rebuilt without it. Money owed back was
-- received: it goes back to succeeded. The partial indexes name the type and are rebuilt too.
DROP INDEX payment_requests_due_idx;
DROP INDEX payment_requests_unattached_idx;
ALTER TYPE payment_state RENAME TO payment_state_with_refund_due;
CREATE TYPE payment_state AS ENUM ('pending', 'succeeded', 'failed', 'expired');
ALTER TABLE payment_requests ALTER COLUMN state TYPE payment_state
    USING (CASE WHEN state = 'refund_due' THEN 'succeeded' ELSE state::text END)::payment_state;
DROP TYPE payment_state_with_refund_due;
CREATE INDEX payment_requests_due_idx
    ON payment_requests (provider, next_poll_at) WHERE state = 'pending';
CREATE INDEX payment_requests_unattached_idx
    ON payment_requests (provider, created_at DESC)
    WHERE state = 'pending' AND provider_payment_id IS NULL;
