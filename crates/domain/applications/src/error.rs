use crate::model::{ApplicationId, ApplicationStatus};
use jobr_core::{Plan, StorageError, Timestamp};

/// What a plan gives beyond the monthly limit (design: plans and prices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    /// AI cover letters, tailored CVs and analysis (Premium and Pro); others get templates.
    AiWriting,
    /// Interview preparation (Pro).
    InterviewPrep,
    /// Response and interview rates, time to answer, skills of the jobs that answered (Pro).
    Analytics,
}

impl Feature {
    pub fn included_in(self, plan: Plan) -> bool {
        match self {
            Feature::AiWriting => matches!(plan, Plan::Premium | Plan::Pro),
            Feature::InterviewPrep | Feature::Analytics => plan == Plan::Pro,
        }
    }

    /// The cheapest plan that includes it, for upgrade hints.
    pub fn cheapest_plan(self) -> Plan {
        match self {
            Feature::AiWriting => Plan::Premium,
            Feature::InterviewPrep | Feature::Analytics => Plan::Pro,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Feature::AiWriting => "ai_writing",
            Feature::InterviewPrep => "interview_prep",
            Feature::Analytics => "analytics",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    #[error("application not found")]
    NotFound,
    #[error("an application cannot move from {from} to {to}")]
    InvalidTransition {
        from: ApplicationStatus,
        to: ApplicationStatus,
    },
    #[error("an application to this job exists already")]
    AlreadyApplied { existing: ApplicationId },
    /// The month's submissions are used up; `resets_at` is the start of the next month (UTC).
    #[error("the plan allows {limit} applications a month and {used} were sent this month")]
    PlanLimitReached {
        limit: u32,
        used: u32,
        resets_at: Timestamp,
    },
    #[error("{feature:?} is not included in the {plan:?} plan")]
    FeatureNotInPlan { feature: Feature, plan: Plan },
    #[error("invalid application: {0}")]
    Invalid(String),
    #[error("job not found")]
    JobNotFound,
    #[error("CV not found")]
    CvNotFound,
    /// The plan could not be read from subscriptions; the cause is kept.
    #[error("the user's plan could not be read")]
    Plan(#[source] jobr_core::BoxError),
    /// The confirmation mail could not be prepared (its addressee could not be read), so the
    /// submission was not stored; the cause is kept.
    #[error("the application confirmation could not be prepared")]
    Confirmation(#[source] jobr_core::BoxError),
    #[error("application storage failed")]
    Storage(#[from] StorageError),
}
