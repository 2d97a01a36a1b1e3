//! Applications and their status pipeline.

use jobr_core::{CvId, Timestamp, UserId};
use jobr_matching::JobId;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// Identifies an application. A newtype so it is never confused with a job or CV id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApplicationId(pub Uuid);

impl ApplicationId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for ApplicationId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for ApplicationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Where an application stands. The pipeline runs saved → applied → screening → interview →
/// offer → hired; rejected and withdrawn are the exits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApplicationStatus {
    Saved,
    Applied,
    Screening,
    Interview,
    Offer,
    Hired,
    Rejected,
    Withdrawn,
}

impl ApplicationStatus {
    pub const ALL: [ApplicationStatus; 8] = [
        Self::Saved,
        Self::Applied,
        Self::Screening,
        Self::Interview,
        Self::Offer,
        Self::Hired,
        Self::Rejected,
        Self::Withdrawn,
    ];

    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Saved => "saved",
            Self::Applied => "applied",
            Self::Screening => "screening",
            Self::Interview => "interview",
            Self::Offer => "offer",
            Self::Hired => "hired",
            Self::Rejected => "rejected",
            Self::Withdrawn => "withdrawn",
        }
    }

    /// Position in the pipeline; `None` for the exits.
    fn stage(self) -> Option<u8> {
        match self {
            Self::Saved => Some(0),
            Self::Applied => Some(1),
            Self::Screening => Some(2),
            Self::Interview => Some(3),
            Self::Offer => Some(4),
            Self::Hired => Some(5),
            Self::Rejected | Self::Withdrawn => None,
        }
    }

    /// Hired, rejected and withdrawn end an application: nothing moves out of them.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Hired | Self::Rejected | Self::Withdrawn)
    }

    /// Whether the application has been sent (it counts against the monthly limit then).
    pub fn is_submitted(self) -> bool {
        !matches!(self, Self::Saved | Self::Withdrawn)
    }

    /// Whether `self → next` is a legal move: forward along the pipeline (stages may be
    /// skipped: not every employer screens), or an exit. A rejection needs an application the
    /// employer has seen (applied or later); the candidate may withdraw from any open state.
    /// Staying put, going back and leaving a final state are not moves.
    pub fn can_move_to(self, next: ApplicationStatus) -> bool {
        if self.is_final() {
            return false;
        }
        match (self.stage(), next) {
            (_, Self::Withdrawn) => true,
            (Some(stage), Self::Rejected) => stage >= 1,
            (Some(from), to) => to.stage().is_some_and(|to| to > from),
            (None, _) => false,
        }
    }

    /// Statuses an application may be created in: saved (preparing) or applied (sent already).
    pub fn can_start_in(self) -> bool {
        matches!(self, Self::Saved | Self::Applied)
    }
}

impl fmt::Display for ApplicationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown application status {0:?}")]
pub struct UnknownStatus(pub String);

impl FromStr for ApplicationStatus {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| UnknownStatus(s.to_owned()))
    }
}

/// One change of status, as the history shows it. The first entry has no `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub from: Option<ApplicationStatus>,
    pub to: ApplicationStatus,
    pub at: Timestamp,
    pub note: Option<String>,
}

/// An application of a user to a job with one of their CVs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub id: ApplicationId,
    pub user_id: UserId,
    pub job_id: JobId,
    pub cv_id: CvId,
    pub status: ApplicationStatus,
    /// When it moved to "applied" (or was created applied); kept through later moves.
    pub applied_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Oldest first.
    pub history: Vec<StatusChange>,
}

/// What creating an application writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewApplication {
    pub id: ApplicationId,
    pub user_id: UserId,
    pub job_id: JobId,
    pub cv_id: CvId,
    pub status: ApplicationStatus,
    pub note: Option<String>,
    pub at: Timestamp,
}

/// A move of an existing application, as the repository applies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMove {
    pub to: ApplicationStatus,
    pub note: Option<String>,
    pub at: Timestamp,
}

/// How many applications a user may submit in one calendar month (UTC), and which month.
/// Submissions are counted in `[month_start, month_end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthlyQuota {
    pub limit: Option<u32>,
    pub month_start: Timestamp,
    pub month_end: Timestamp,
}

/// Longest note kept with a status change, in characters.
pub const MAX_NOTE_CHARS: usize = 2_000;

#[cfg(test)]
mod tests {
    use super::ApplicationStatus as S;

    /// Every pair, with the expected verdict: forward moves and exits only.
    #[test]
    fn every_transition_is_legal_or_not_as_the_table_says() {
        use S::*;
        let legal: &[(S, &[S])] = &[
            (
                Saved,
                &[Applied, Screening, Interview, Offer, Hired, Withdrawn],
            ),
            (
                Applied,
                &[Screening, Interview, Offer, Hired, Rejected, Withdrawn],
            ),
            (Screening, &[Interview, Offer, Hired, Rejected, Withdrawn]),
            (Interview, &[Offer, Hired, Rejected, Withdrawn]),
            (Offer, &[Hired, Rejected, Withdrawn]),
            (Hired, &[]),
            (Rejected, &[]),
            (Withdrawn, &[]),
        ];
        let mut checked = 0;
        for (from, allowed) in legal {
            for to in S::ALL {
                assert_eq!(
                    from.can_move_to(to),
                    allowed.contains(&to),
                    "{from} -> {to}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 64);
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for status in S::ALL {
            assert_eq!(status.as_str().parse::<S>(), Ok(status));
            assert_eq!(
                serde_json::to_value(status).ok(),
                Some(serde_json::json!(status.as_str()))
            );
        }
        assert!("Applied".parse::<S>().is_err());
        assert!("".parse::<S>().is_err());
    }

    #[test]
    fn only_saved_or_applied_start_an_application() {
        let starts: Vec<S> = S::ALL.into_iter().filter(|s| s.can_start_in()).collect();
        assert_eq!(starts, [S::Saved, S::Applied]);
    }
}
