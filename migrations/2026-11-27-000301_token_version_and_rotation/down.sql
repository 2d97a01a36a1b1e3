ALTER TABLE refresh_tokens DROP COLUMN replaced_by;
ALTER TABLE users DROP COLUMN token_version;
