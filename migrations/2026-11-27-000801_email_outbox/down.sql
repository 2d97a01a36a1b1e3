DROP TABLE email_tokens;
DROP TABLE email_suppressions;
DROP TABLE email_outbox;
