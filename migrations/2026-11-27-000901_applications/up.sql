-- Applications, their status history, and the submissions the plan's monthly limit counts.
-- Statuses are text with CHECKs (the domain's serde names), as in jobs and cvs.

CREATE TABLE applications (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    job_id      uuid NOT NULL REFERENCES jobs (id),
    -- The CV the application was prepared with. Not a foreign key: a CV deleted later leaves
    -- the application and its history (writing for it then answers "CV not found").
    cv_id       uuid NOT NULL,
    status      text NOT NULL CHECK (status IN ('saved', 'applied', 'screening', 'interview',
                                                'offer', 'hired', 'rejected', 'withdrawn')),
    applied_at  timestamptz,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT applications_user_job_key UNIQUE (user_id, job_id)
);

CREATE INDEX applications_user_newest_idx ON applications (user_id, created_at DESC, id DESC);

CREATE TABLE application_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id  uuid NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    from_status     text CHECK (from_status IN ('saved', 'applied', 'screening', 'interview',
                                                'offer', 'hired', 'rejected', 'withdrawn')),
    to_status       text NOT NULL CHECK (to_status IN ('saved', 'applied', 'screening',
                                    'interview', 'offer', 'hired', 'rejected', 'withdrawn')),
    at              timestamptz NOT NULL,
    note            text
);

CREATE INDEX application_events_application_idx ON application_events (application_id, id);

-- One row per submission (an application's first move into a sent status). Kept when the
-- application is deleted, so deleting does not give back a month's allowance.
CREATE TABLE application_submissions (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    application_id  uuid NOT NULL,
    submitted_at    timestamptz NOT NULL
);

CREATE INDEX application_submissions_user_at_idx
    ON application_submissions (user_id, submitted_at);
