DROP INDEX payment_requests_unattached_idx;
ALTER TABLE webhook_events DROP CONSTRAINT webhook_events_reason_only_when_ignored;
ALTER TABLE webhook_events DROP COLUMN reason;
