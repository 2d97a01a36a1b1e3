//! Calendar months in UTC, as the plan limit counts them.

use jobr_core::Timestamp;
use time::{Date, Month, Time, UtcOffset};

/// `[start, end)` of the UTC calendar month holding `at`.
pub fn month_bounds(at: Timestamp) -> (Timestamp, Timestamp) {
    let at = at.to_offset(UtcOffset::UTC);
    let first = |year: i32, month: Month| {
        Date::from_calendar_date(year, month, 1)
            .map(|d| d.with_time(Time::MIDNIGHT).assume_utc())
            .unwrap_or(at)
    };
    let start = first(at.year(), at.month());
    let (year, month) = match at.month() {
        Month::December => (at.year() + 1, Month::January),
        month => (at.year(), month.next()),
    };
    (start, first(year, month))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn months_run_from_the_first_at_midnight_utc_and_wrap_the_year() {
        assert_eq!(
            month_bounds(datetime!(2026-11-30 23:59:59 UTC)),
            (
                datetime!(2026-11-01 0:00 UTC),
                datetime!(2026-12-01 0:00 UTC)
            )
        );
        assert_eq!(
            month_bounds(datetime!(2026-12-31 12:00 UTC)),
            (
                datetime!(2026-12-01 0:00 UTC),
                datetime!(2027-01-01 0:00 UTC)
            )
        );
        // 00:30 on the 1st in Berlin is still the previous month in UTC.
        assert_eq!(
            month_bounds(datetime!(2026-12-01 0:30 +1)).0,
            datetime!(2026-11-01 0:00 UTC)
        );
    }
}
