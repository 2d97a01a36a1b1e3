-- Jobs, searchable with PostgreSQL full-text search. Enumerations are text with CHECKs (the
-- domain's serde names), as in cvs.state.

-- array_to_string is only STABLE (it depends on element output functions), and a generated
-- column needs IMMUTABLE expressions; for text[] the result never varies, so this wrapper is
-- honestly immutable.
CREATE FUNCTION jobs_skills_text(required text[], preferred text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN array_to_string(required || preferred, ' ');

-- The n-th lexeme (in tsvector order) of `words`, as a tsquery restricted to `weights`
-- (':A', ':AB' or '' for any), NULL past the last: the relevance in jobr_matching::fulltext
-- scores each query lexeme by the best field holding it. Immutable, so with constant
-- arguments PostgreSQL folds it into a tsquery constant at plan time, and the rank costs a few
-- `@@` checks per matching job.
CREATE FUNCTION jobs_query_term(words text, n integer, weights text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ('''' || replace(replace((tsvector_to_array(to_tsvector('english', words)))[n],
                                    '\', '\\'), '''', '''''')
            || '''' || weights)::tsquery;

CREATE TABLE jobs (
    id uuid PRIMARY KEY,
    source text NOT NULL,
    external_id text NOT NULL,
    title text NOT NULL,
    company text NOT NULL,
    description text NOT NULL,
    required_skills text[] NOT NULL,
    preferred_skills text[] NOT NULL,
    location text NOT NULL,
    remote text NOT NULL CHECK (remote IN ('onsite', 'hybrid', 'remote')),
    employment_type text NOT NULL
        CHECK (employment_type IN ('full_time', 'part_time', 'contract', 'internship', 'temporary')),
    experience_level text NOT NULL
        CHECK (experience_level IN ('entry', 'junior', 'mid', 'senior', 'lead', 'executive')),
    -- Whole major units of salary_currency per salary_interval; all four or none.
    salary_min bigint,
    salary_max bigint,
    salary_currency text,
    salary_interval text CHECK (salary_interval IN ('hour', 'day', 'month', 'year')),
    posted_at date NOT NULL,
    apply_url text NOT NULL,
    status text NOT NULL CHECK (status IN ('open', 'closed')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- The top of the range per year (hours and days at full time), for the salaryMin filter.
    salary_max_yearly bigint GENERATED ALWAYS AS (
        salary_max * CASE salary_interval
            WHEN 'hour' THEN 2080 WHEN 'day' THEN 260 WHEN 'month' THEN 12 ELSE 1 END
    ) STORED,
    -- Title > skills > description; the memory adapter rebuilds exactly this in Rust
    -- (jobr_matching::fulltext), so both rank and match alike.
    search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', jobs_skills_text(required_skills, preferred_skills)), 'B')
        || setweight(to_tsvector('english', description), 'C')
    ) STORED,
    CONSTRAINT jobs_source_external_id_key UNIQUE (source, external_id),
    CONSTRAINT jobs_salary_whole CHECK (
        (salary_min IS NULL) = (salary_max IS NULL)
        AND (salary_min IS NULL) = (salary_currency IS NULL)
        AND (salary_min IS NULL) = (salary_interval IS NULL)
    ),
    CONSTRAINT jobs_salary_range CHECK (0 <= salary_min AND salary_min <= salary_max)
);

-- Full-text matches; only open jobs are ever searched.
CREATE INDEX jobs_search_idx ON jobs USING gin (search_vector) WHERE status = 'open';
-- Browsing without a query, and the posted-since filter: the result order after rank.
CREATE INDEX jobs_open_posted_idx ON jobs (posted_at DESC, id) WHERE status = 'open';
CREATE INDEX jobs_open_salary_idx ON jobs (salary_max_yearly) WHERE status = 'open';
