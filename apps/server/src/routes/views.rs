//! JSON shapes of domain objects as the API shows them (camelCase, no secrets).

use jobr_accounts::{JobPreferences, TokenPair, User};
use jobr_core::CvId;
use jobr_cv::{CvRecord, CvSummary, ParseSource, ParsedCv, UploadedCv};
use secrecy::ExposeSecret;
use serde::Serialize;
use time::OffsetDateTime;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    phone: Option<String>,
    location: Option<String>,
    job_preferences: JobPreferences,
    role: &'static str,
    email_verified: bool,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    updated_at: OffsetDateTime,
}

impl From<User> for UserView {
    fn from(user: User) -> Self {
        Self {
            id: user.id.to_string(),
            email: user.email.to_string(),
            first_name: user.first_name,
            last_name: user.last_name,
            phone: user.phone.map(|p| p.to_string()),
            location: user.location,
            job_preferences: user.job_preferences,
            role: user.role.as_str(),
            email_verified: user.email_verified,
            created_at: user.created_at,
            updated_at: user.updated_at,
        }
    }
}

/// The tokens as the client receives them: the one place they are exposed, on purpose.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenPairView {
    access_token: String,
    refresh_token: String,
    token_type: &'static str,
    expires_in: i64,
}

impl From<TokenPair> for TokenPairView {
    fn from(tokens: TokenPair) -> Self {
        Self {
            access_token: tokens.access_token.expose_secret().to_owned(),
            refresh_token: tokens.refresh_token.expose_secret().to_owned(),
            token_type: tokens.token_type,
            expires_in: tokens.expires_in,
        }
    }
}

/// Register and login answer with the user and the tokens side by side.
#[derive(Serialize)]
pub struct SessionView {
    user: UserView,
    #[serde(flatten)]
    tokens: TokenPairView,
}

impl From<jobr_accounts::Session> for SessionView {
    fn from(session: jobr_accounts::Session) -> Self {
        Self {
            user: session.user.into(),
            tokens: session.tokens.into(),
        }
    }
}

/// One CV with its parse, as an upload or `GET /api/cv/{id}` answers.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CvView {
    id: CvId,
    file_name: String,
    format: &'static str,
    size_bytes: i64,
    sha256: String,
    /// `"ai"` or `"rules"`: which path produced `parsed`.
    source: ParseSource,
    /// On the upload answer, why the rules parsed it (the plan has no AI, none is configured,
    /// or the AI failed); `null` when the AI did, and on later reads (it is not stored).
    notice: Option<String>,
    parsed: ParsedCv,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

impl CvView {
    /// The upload answer: the CV and why the rules parsed it, if they did.
    pub fn uploaded(uploaded: UploadedCv) -> Self {
        Self {
            notice: uploaded.notice,
            ..uploaded.record.into()
        }
    }
}

impl From<CvRecord> for CvView {
    fn from(cv: CvRecord) -> Self {
        Self {
            id: cv.id,
            file_name: cv.file_name,
            format: cv.format.as_str(),
            size_bytes: cv.size_bytes,
            sha256: cv.sha256,
            source: cv.parsed.source,
            notice: None,
            parsed: cv.parsed,
            created_at: cv.created_at,
        }
    }
}

/// A CV in a list: the fields of [`CvView`] without `parsed`, and the parsed name as `name`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CvSummaryView {
    id: CvId,
    file_name: String,
    format: &'static str,
    size_bytes: i64,
    sha256: String,
    source: ParseSource,
    name: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

impl From<CvSummary> for CvSummaryView {
    fn from(cv: CvSummary) -> Self {
        Self {
            id: cv.id,
            file_name: cv.file_name,
            format: cv.format.as_str(),
            size_bytes: cv.size_bytes,
            sha256: cv.sha256,
            source: cv.source,
            name: cv.name,
            created_at: cv.created_at,
        }
    }
}
