//! What a plan lets a user do, and the calendar month (UTC) monthly limits are counted in.

use jobr_core::{AiUse, InvalidValue, Plan, Timestamp};
use serde::Serialize;
use time::{Date, Month, OffsetDateTime, Time};

/// Parses a plan id from the API: `free`, `premium`, `pro`, in any case.
pub fn parse_plan(field: &'static str, raw: &str) -> Result<Plan, InvalidValue> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "free" => Ok(Plan::Free),
        "premium" => Ok(Plan::Premium),
        "pro" => Ok(Plan::Pro),
        _ => Err(InvalidValue::new(
            field,
            "must be one of free, premium, pro",
        )),
    }
}

/// The plan id as the API spells it.
pub fn plan_id(plan: Plan) -> &'static str {
    match plan {
        Plan::Free => "free",
        Plan::Premium => "premium",
        Plan::Pro => "pro",
    }
}

/// The features and limits of one plan (design: "Plans and prices").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entitlements {
    pub plan: Plan,
    /// Applications per calendar month (UTC); `None` is unlimited.
    pub applications_per_month: Option<u32>,
    /// AI CV structuring, AI re-ranking of matches and other AI paths.
    pub ai_features: bool,
    pub priority_support: bool,
    pub analytics: bool,
    pub interview_prep: bool,
    pub premium_templates: bool,
}

impl Entitlements {
    pub fn of(plan: Plan) -> Self {
        let paid = plan != Plan::Free;
        let pro = plan == Plan::Pro;
        Self {
            plan,
            applications_per_month: plan.monthly_applications(),
            ai_features: paid,
            priority_support: paid,
            analytics: pro,
            interview_prep: pro,
            premium_templates: pro,
        }
    }

    /// "May this user use AI features?"
    pub fn may_use_ai(&self) -> bool {
        self.ai_features
    }

    /// The gate the AI paths (CV structuring, match re-ranking) are given for this plan.
    pub fn ai_use(&self) -> AiUse {
        if self.may_use_ai() {
            AiUse::Allowed
        } else {
            AiUse::NotInPlan
        }
    }

    /// Applications left this month given how many were made in it; `None` is unlimited.
    pub fn applications_left(&self, used_this_month: u32) -> Option<u32> {
        self.applications_per_month
            .map(|limit| limit.saturating_sub(used_this_month))
    }

    /// Whether one more application fits in this month's limit.
    pub fn may_apply(&self, used_this_month: u32) -> bool {
        self.applications_left(used_this_month) != Some(0)
    }
}

/// A calendar month in UTC, `[start, end)`: the window monthly limits are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthWindow {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl MonthWindow {
    /// The UTC calendar month containing `now`.
    pub fn containing(now: Timestamp) -> Self {
        let now = now.to_offset(time::UtcOffset::UTC);
        let start = first_of_month(now.year(), now.month());
        let (year, month) = if now.month() == Month::December {
            (now.year() + 1, Month::January)
        } else {
            (now.year(), now.month().next())
        };
        Self {
            start,
            end: first_of_month(year, month),
        }
    }
}

fn first_of_month(year: i32, month: Month) -> OffsetDateTime {
    // Day 1 exists in every month of every year `time` can represent.
    let date = Date::from_calendar_date(year, month, 1).unwrap_or(Date::MIN);
    date.with_time(Time::MIDNIGHT).assume_utc()
}

/// One month after `from`, on the same day where it exists (31 January → 28/29 February).
pub fn one_month_after(from: Timestamp) -> Timestamp {
    let (year, month) = if from.month() == Month::December {
        (from.year() + 1, Month::January)
    } else {
        (from.year(), from.month().next())
    };
    let day = from.day().min(month.length(year));
    match Date::from_calendar_date(year, month, day) {
        Ok(date) => date.with_time(from.time()).assume_offset(from.offset()),
        Err(_) => from + time::Duration::days(30),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn plan_ids_are_case_insensitive_and_closed() {
        assert_eq!(parse_plan("plan", "PREMIUM").unwrap(), Plan::Premium);
        assert_eq!(parse_plan("plan", " Pro ").unwrap(), Plan::Pro);
        assert_eq!(parse_plan("plan", "free").unwrap(), Plan::Free);
        assert_eq!(parse_plan("plan", "gold").unwrap_err().field, "plan");
        for plan in [Plan::Free, Plan::Premium, Plan::Pro] {
            assert_eq!(parse_plan("plan", plan_id(plan)).unwrap(), plan);
        }
    }

    #[test]
    fn free_has_five_applications_and_no_ai() {
        let free = Entitlements::of(Plan::Free);
        assert!(!free.may_use_ai());
        assert_eq!(free.ai_use(), AiUse::NotInPlan);
        assert_eq!(free.applications_left(0), Some(5));
        assert_eq!(free.applications_left(4), Some(1));
        assert_eq!(free.applications_left(9), Some(0));
        assert!(free.may_apply(4));
        assert!(!free.may_apply(5));
    }

    #[test]
    fn paid_plans_are_unlimited_with_ai_and_pro_has_the_extras() {
        let premium = Entitlements::of(Plan::Premium);
        assert!(premium.may_use_ai() && premium.priority_support);
        assert_eq!(premium.applications_left(1000), None);
        assert!(!premium.analytics && !premium.interview_prep && !premium.premium_templates);
        let pro = Entitlements::of(Plan::Pro);
        assert!(pro.may_use_ai() && pro.analytics && pro.interview_prep && pro.premium_templates);
        assert_eq!(premium.ai_use(), AiUse::Allowed);
        assert_eq!(pro.ai_use(), AiUse::Allowed);
    }

    #[test]
    fn months_are_utc_calendar_months() {
        let window = MonthWindow::containing(datetime!(2026-12-31 23:59:59 -01:00));
        assert_eq!(window.start, datetime!(2027-01-01 00:00 UTC));
        assert_eq!(window.end, datetime!(2027-02-01 00:00 UTC));
        let window = MonthWindow::containing(datetime!(2026-02-14 12:00 UTC));
        assert_eq!(window.start, datetime!(2026-02-01 00:00 UTC));
        assert_eq!(window.end, datetime!(2026-03-01 00:00 UTC));
    }

    #[test]
    fn one_month_later_clamps_to_the_month_end() {
        assert_eq!(
            one_month_after(datetime!(2026-01-31 10:00 UTC)),
            datetime!(2026-02-28 10:00 UTC)
        );
        assert_eq!(
            one_month_after(datetime!(2026-12-15 10:00 UTC)),
            datetime!(2027-01-15 10:00 UTC)
        );
    }
}
