//! Applications: a user's applications to jobs and their status pipeline (saved → applied →
//! screening → interview → offer → hired, with rejected and withdrawn as exits), the plan's
//! monthly limit on submissions, the confirmation of each submission, and what is written for
//! an application (cover letter, tailored CV, strength analysis, interview prep) by an AI
//! [`WritingAssistant`] held to the CV's facts ([`facts`]) or by the templates ([`writing`]).
//!
//! Pure computation only: no framework, database, network client or async runtime.

#[cfg(feature = "contract")]
pub mod contract;
mod error;
pub mod facts;
mod letter;
mod model;
pub mod month;
mod ports;
mod service;
pub mod writing;

pub use error::{ApplicationError, Feature};
/// The confirmation mail's type, as [`SubmissionMail`] implementations return it.
pub use jobr_notifications::OutgoingMessage;
pub use model::{
    Application, ApplicationId, ApplicationStatus, MAX_NOTE_CHARS, MonthlyQuota, NewApplication,
    StatusChange, StatusMove, UnknownStatus,
};
pub use ports::{
    ApplicationRepository, PlanSource, Submission, SubmissionMail, WritingAssistant, WritingError,
};
#[cfg(feature = "mock")]
pub use ports::{
    MockApplicationRepository, MockPlanSource, MockSubmissionMail, MockWritingAssistant,
};
pub use service::{ApplicationService, Insights, Stats, Usage};
pub use writing::{
    CoverLetter, CoverLetterDraft, InterviewPrep, InterviewQuestion, StrengthAnalysis, TailoredCv,
    TailoredRole, Tone, WritingContext, WritingSource,
};
