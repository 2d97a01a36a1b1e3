-- Accounts: users and their refresh tokens (seed: jobr-backend-architecture.md, users table).

CREATE TABLE users (
    id                    uuid PRIMARY KEY,
    email                 text NOT NULL,
    -- NULL for accounts that sign in only through Google or a phone code.
    password_hash         text,
    first_name            text NOT NULL,
    last_name             text NOT NULL,
    phone                 text,
    location              text,
    job_preferences       jsonb NOT NULL DEFAULT '{}'::jsonb,
    role                  text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    email_verified        boolean NOT NULL DEFAULT false,
    failed_login_attempts integer NOT NULL DEFAULT 0 CHECK (failed_login_attempts >= 0),
    locked_until          timestamptz,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now()
);

-- The application lower-cases emails; the index makes case-insensitive uniqueness a fact of the data.
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email));

CREATE TABLE refresh_tokens (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Every token descended from one login; reuse of a rotated token revokes the family.
    family_id   uuid NOT NULL,
    -- SHA-256 of the token: the token itself is never stored.
    token_hash  text NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE INDEX refresh_tokens_active_by_user_idx ON refresh_tokens (user_id) WHERE revoked_at IS NULL;
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
