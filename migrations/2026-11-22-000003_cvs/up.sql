-- Uploaded CVs: the extracted text and the structured parse; the original file lives in the
-- FileStore under file_key.
CREATE TABLE cvs (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    file_name   text NOT NULL,
    format      text NOT NULL CHECK (format IN ('pdf', 'docx', 'txt')),
    size_bytes  bigint NOT NULL CHECK (size_bytes >= 0),
    sha256      text NOT NULL,
    file_key    text NOT NULL UNIQUE,
    text        text NOT NULL,
    parsed      jsonb NOT NULL,
    -- 'ai' or 'rules': which path produced `parsed`
    source      text NOT NULL CHECK (source IN ('ai', 'rules')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX cvs_user_newest_idx ON cvs (user_id, created_at DESC);
