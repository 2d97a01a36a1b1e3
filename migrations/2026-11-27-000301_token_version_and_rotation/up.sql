-- Every access token carries the user's token version; bumping it (logout, logout of every
-- session, password change, refresh-token reuse) ends all access tokens issued before.
ALTER TABLE users
    ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0);

-- The successor of a rotated refresh token. Only rotation sets it: a token presented again
-- within the grace window gets that successor's pair; a token revoked any other way has none.
ALTER TABLE refresh_tokens
    ADD COLUMN replaced_by uuid;
