//! The clock and brand time zones. `rules` takes UTC offsets; this module
//! turns a brand's IANA zone (default `Asia/Shanghai`) into the offset in
//! force at a given instant, using chrono-tz on the server only.

use chrono::{Offset, TimeZone};
use rules::{CivilDate, YearMonth};

pub const DEFAULT_TIME_ZONE: &str = "Asia/Shanghai";

#[derive(Debug, Clone)]
pub enum Clock {
    System,
    /// Time that tests move by hand (UNIX seconds).
    Manual(std::sync::Arc<std::sync::atomic::AtomicI64>),
}

impl Clock {
    pub fn now(&self) -> i64 {
        match self {
            Clock::System => chrono::Utc::now().timestamp(),
            Clock::Manual(t) => t.load(std::sync::atomic::Ordering::SeqCst),
        }
    }
}

pub fn valid_zone(name: &str) -> bool {
    name.parse::<chrono_tz::Tz>().is_ok()
}

/// Offset east of UTC, in minutes, of `zone` at `unix_secs`.
pub fn offset_minutes(zone: &str, unix_secs: i64) -> i32 {
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    let utc = chrono::DateTime::from_timestamp(unix_secs, 0)
        .unwrap_or_default()
        .naive_utc();
    tz.offset_from_utc_datetime(&utc).fix().local_minus_utc() / 60
}

pub fn local_date(zone: &str, unix_secs: i64) -> CivilDate {
    CivilDate::from_unix(unix_secs, offset_minutes(zone, unix_secs))
}

/// The instant `day` starts in `zone` (UNIX seconds).
pub fn start_of_day(zone: &str, day: CivilDate) -> i64 {
    // The offset in force around that day; zones move by at most hours.
    day.start_unix(offset_minutes(zone, day.start_unix(0)))
}

pub fn local_month(zone: &str, unix_secs: i64) -> YearMonth {
    local_date(zone, unix_secs).month()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_is_eight_hours_ahead() {
        // 2026-11-30T16:30:00Z
        assert_eq!(offset_minutes("Asia/Shanghai", 1_796_056_200), 480);
        assert_eq!(
            local_month("Asia/Shanghai", 1_796_056_200).to_string(),
            "2026-12"
        );
        assert_eq!(local_month("UTC", 1_796_056_200).to_string(), "2026-11");
        assert!(valid_zone("Europe/Berlin"));
        assert!(!valid_zone("Mars/Olympus"));
    }
}
