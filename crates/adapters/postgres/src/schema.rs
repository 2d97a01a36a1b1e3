// Mirrors migrations/; kept by hand because the diesel CLI needs libpq.

diesel::table! {
    users (id) {
        id -> Uuid,
        email -> Text,
        password_hash -> Nullable<Text>,
        first_name -> Text,
        last_name -> Text,
        phone -> Nullable<Text>,
        location -> Nullable<Text>,
        job_preferences -> Jsonb,
        role -> Text,
        email_verified -> Bool,
        failed_login_attempts -> Int4,
        locked_until -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        token_version -> Int4,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Uuid,
        user_id -> Uuid,
        family_id -> Uuid,
        token_hash -> Text,
        expires_at -> Timestamptz,
        created_at -> Timestamptz,
        revoked_at -> Nullable<Timestamptz>,
        replaced_by -> Nullable<Uuid>,
    }
}

diesel::joinable!(refresh_tokens -> users (user_id));
diesel::allow_tables_to_appear_in_same_query!(users, refresh_tokens, cvs, jobs);

diesel::table! {
    api_usage (id) {
        id -> Int8,
        user_id -> Nullable<Uuid>,
        provider -> Text,
        operation -> Text,
        model -> Text,
        prompt_tokens -> Int4,
        completion_tokens -> Int4,
        estimated_cost_micro_usd -> Int8,
        cached -> Bool,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    cvs (id) {
        id -> Uuid,
        user_id -> Uuid,
        file_name -> Text,
        format -> Text,
        size_bytes -> Int8,
        sha256 -> Text,
        file_key -> Text,
        text -> Text,
        parsed -> Jsonb,
        source -> Text,
        created_at -> Timestamptz,
        state -> Text,
    }
}

diesel::joinable!(cvs -> users (user_id));

pub mod sql_types {
    /// PostgreSQL's `tsvector`; only the database reads and writes it.
    #[derive(diesel::sql_types::SqlType, diesel::query_builder::QueryId)]
    #[diesel(postgres_type(name = "tsvector"))]
    pub struct Tsvector;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Tsvector;

    jobs (id) {
        id -> Uuid,
        source -> Text,
        external_id -> Text,
        title -> Text,
        company -> Text,
        description -> Text,
        required_skills -> Array<Text>,
        preferred_skills -> Array<Text>,
        location -> Text,
        remote -> Text,
        employment_type -> Text,
        experience_level -> Text,
        salary_min -> Nullable<Int8>,
        salary_max -> Nullable<Int8>,
        salary_currency -> Nullable<Text>,
        salary_interval -> Nullable<Text>,
        posted_at -> Date,
        apply_url -> Text,
        status -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        salary_max_yearly -> Nullable<Int8>,
        search_vector -> Tsvector,
    }
}

diesel::table! {
    applications (id) {
        id -> Uuid,
        user_id -> Uuid,
        job_id -> Uuid,
        cv_id -> Uuid,
        status -> Text,
        applied_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    application_events (id) {
        id -> Int8,
        application_id -> Uuid,
        from_status -> Nullable<Text>,
        to_status -> Text,
        at -> Timestamptz,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    application_submissions (id) {
        id -> Int8,
        user_id -> Uuid,
        application_id -> Uuid,
        submitted_at -> Timestamptz,
    }
}
