-- Mail: the durable outbox, undeliverable addresses, and single-use tokens sent by mail.

-- Every mail is stored here in the same transaction as the change that causes it, and sent by
-- the outbox worker. A claimed row stays 'pending' with next_attempt_at pushed to the end of
-- its lease, so a worker that dies mid-send gives it back; claims use FOR UPDATE SKIP LOCKED.
CREATE TABLE email_outbox (
    -- The stable message id: the Message-ID header and SendGrid's custom argument.
    id              uuid PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('welcome', 'verify_email', 'password_reset',
                        'application_confirmation', 'payment_receipt', 'payment_failed')),
    recipient       text NOT NULL,
    subject         text NOT NULL,
    text_body       text NOT NULL,
    html_body       text NOT NULL,
    status          text NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'sent', 'failed', 'suppressed')),
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz NOT NULL,
    last_error      text,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz
);

-- The claim: pending rows by due time, and nothing else.
CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status = 'pending';
-- The operator's list, newest first, by status.
CREATE INDEX email_outbox_status_created_idx ON email_outbox (status, created_at DESC);

-- Addresses the provider reported as undeliverable (bounce, dropped, spam report).
CREATE TABLE email_suppressions (
    -- Lower-cased like users.email (the application normalises addresses).
    email      text PRIMARY KEY,
    reason     text NOT NULL CHECK (reason IN ('bounce', 'dropped', 'spam_report')),
    created_at timestamptz NOT NULL
);

-- Verification and password-reset tokens: only the SHA-256 of a token is stored.
CREATE TABLE email_tokens (
    id         uuid PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
    token_hash text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL,
    used_at    timestamptz
);

-- The per-user limit counts recent tokens of one purpose.
CREATE INDEX email_tokens_user_purpose_created_idx ON email_tokens (user_id, purpose, created_at);
