-- Subscriptions, payment requests and provider events (issue 9). Statuses are database enums,
-- read back and matched exhaustively: an unknown value is an error, never a default.
CREATE TYPE payment_provider AS ENUM ('stripe', 'phonepe');
CREATE TYPE subscription_status AS ENUM ('incomplete', 'active', 'past_due', 'canceled');
CREATE TYPE payment_state AS ENUM ('pending', 'succeeded', 'failed', 'expired');
CREATE TYPE plan_id AS ENUM ('free', 'premium', 'pro');
CREATE TYPE currency_code AS ENUM ('USD', 'INR');
CREATE TYPE webhook_outcome AS ENUM ('applied', 'no_change', 'ignored', 'stale', 'amount_mismatch');

CREATE TABLE subscriptions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    plan plan_id NOT NULL CHECK (plan <> 'free'),
    status subscription_status NOT NULL,
    provider payment_provider NOT NULL,
    provider_customer_id text,
    provider_subscription_id text,
    current_period_end timestamptz,
    cancel_at_period_end boolean NOT NULL DEFAULT false,
    last_event_at timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
-- At most one subscription per user that is not canceled: concurrent checkouts cannot both win.
CREATE UNIQUE INDEX subscriptions_one_open_per_user
    ON subscriptions (user_id) WHERE status <> 'canceled';
CREATE UNIQUE INDEX subscriptions_provider_id
    ON subscriptions (provider, provider_subscription_id) WHERE provider_subscription_id IS NOT NULL;
CREATE INDEX subscriptions_user_idx ON subscriptions (user_id, created_at DESC);

CREATE TABLE payment_requests (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subscription_id uuid NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    provider payment_provider NOT NULL,
    plan plan_id NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    currency currency_code NOT NULL,
    state payment_state NOT NULL,
    provider_payment_id text,
    poll_attempts integer NOT NULL DEFAULT 0,
    next_poll_at timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
-- One payment record per provider payment: a renewal reported twice is recorded once.
CREATE UNIQUE INDEX payment_requests_provider_id
    ON payment_requests (provider, provider_payment_id) WHERE provider_payment_id IS NOT NULL;
CREATE INDEX payment_requests_user_idx ON payment_requests (user_id, created_at DESC);
-- What reconciliation claims.
CREATE INDEX payment_requests_due_idx
    ON payment_requests (provider, next_poll_at) WHERE state = 'pending';

-- Every provider event once: the key is what makes processing exactly-once.
CREATE TABLE webhook_events (
    provider payment_provider NOT NULL,
    event_id text NOT NULL,
    event_type text NOT NULL,
    outcome webhook_outcome NOT NULL,
    provider_created_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (provider, event_id)
);
