-- Why an event was stored as ignored (issue 9): a type Jobr does not act on, or objects Jobr
-- does not know. Such events are answered 200 and recorded once, so a replay is a duplicate.
ALTER TABLE webhook_events ADD COLUMN reason text;
ALTER TABLE webhook_events
    ADD CONSTRAINT webhook_events_reason_only_when_ignored
    CHECK (reason IS NULL OR outcome = 'ignored');

-- Checkouts begun and not yet attached to the provider's ids: an event naming unknown objects
-- is retried (not recorded) only while one of these is recent.
CREATE INDEX payment_requests_unattached_idx
    ON payment_requests (provider, created_at DESC)
    WHERE state = 'pending' AND provider_payment_id IS NULL;
