-- Metered calls to paid services (AI tokens), per user (seed: api_usage).
CREATE TABLE api_usage (
    id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- No foreign key on purpose: a metering log must never refuse a record, and it outlives
    -- deleted accounts for cost accounting.
    user_id                  uuid,
    provider                 text NOT NULL,
    operation                text NOT NULL,
    model                    text NOT NULL,
    prompt_tokens            integer NOT NULL CHECK (prompt_tokens >= 0),
    completion_tokens        integer NOT NULL CHECK (completion_tokens >= 0),
    -- millionths of a US dollar: money is never a float
    estimated_cost_micro_usd bigint NOT NULL CHECK (estimated_cost_micro_usd >= 0),
    cached                   boolean NOT NULL DEFAULT false,
    created_at               timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX api_usage_user_time_idx ON api_usage (user_id, created_at);
