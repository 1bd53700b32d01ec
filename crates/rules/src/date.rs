//! Civil dates and months without time-zone data.
//!
//! Storage is UTC; a brand's months, windows and due dates are in its own
//! zone. Callers pass the zone's UTC offset for the instant in question
//! (the server looks it up; the browser asks `Date`), so this module needs
//! no tz database and stays tiny in wasm.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
}

// Howard Hinnant's days-from-civil algorithms (public domain).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl CivilDate {
    pub fn new(year: i32, month: u8, day: u8) -> Option<CivilDate> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(CivilDate { year, month, day })
    }

    /// The local date at `unix_secs` in a zone `offset_minutes` east of UTC.
    pub fn from_unix(unix_secs: i64, offset_minutes: i32) -> CivilDate {
        let local = unix_secs + i64::from(offset_minutes) * 60;
        let (year, month, day) = civil_from_days(local.div_euclid(86_400));
        CivilDate { year, month, day }
    }

    /// The UTC instant at which this date starts in the given zone.
    pub fn start_unix(self, offset_minutes: i32) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400 - i64::from(offset_minutes) * 60
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<CivilDate> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = s[..4].parse().ok()?;
        let month = s[5..7].parse().ok()?;
        let day = s[8..].parse().ok()?;
        CivilDate::new(year, month, day)
    }

    pub fn month(self) -> YearMonth {
        YearMonth {
            year: self.year,
            month: self.month,
        }
    }

    /// Days from `earlier` to `self` (negative when `self` is earlier).
    pub fn days_since(self, earlier: CivilDate) -> i64 {
        days_from_civil(self.year, self.month, self.day)
            - days_from_civil(earlier.year, earlier.month, earlier.day)
    }

    pub fn add_days(self, days: i64) -> CivilDate {
        let (year, month, day) =
            civil_from_days(days_from_civil(self.year, self.month, self.day) + days);
        CivilDate { year, month, day }
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl YearMonth {
    /// Parses `YYYY-MM`.
    pub fn parse(s: &str) -> Option<YearMonth> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return None;
        }
        let year = s[..4].parse().ok()?;
        let month: u8 = s[5..].parse().ok()?;
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }

    pub fn prev(self) -> YearMonth {
        if self.month == 1 {
            YearMonth {
                year: self.year - 1,
                month: 12,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn next(self) -> YearMonth {
        if self.month == 12 {
            YearMonth {
                year: self.year + 1,
                month: 1,
            }
        } else {
            YearMonth {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    pub fn first_day(self) -> CivilDate {
        CivilDate {
            year: self.year,
            month: self.month,
            day: 1,
        }
    }

    pub fn last_day(self) -> CivilDate {
        CivilDate {
            year: self.year,
            month: self.month,
            day: days_in_month(self.year, self.month),
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Dates travel as `YYYY-MM-DD` text.
impl serde::Serialize for CivilDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for CivilDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        CivilDate::parse(&text)
            .ok_or_else(|| serde::de::Error::custom("expected a date YYYY-MM-DD"))
    }
}

/// Months travel as `YYYY-MM` text.
impl serde::Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for YearMonth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        YearMonth::parse(&text).ok_or_else(|| serde::de::Error::custom("expected a month YYYY-MM"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // On wasm32 the same tests run in Node through wasm-bindgen-test.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const SHANGHAI: i32 = 8 * 60;

    #[test]
    fn local_date_depends_on_offset() {
        // 2026-11-30T16:30:00Z is already 1 December in Shanghai.
        let t = 1_796_056_200;
        assert_eq!(CivilDate::from_unix(t, 0).to_string(), "2026-11-30");
        assert_eq!(CivilDate::from_unix(t, SHANGHAI).to_string(), "2026-12-01");
        assert_eq!(
            CivilDate::from_unix(t, SHANGHAI).month().to_string(),
            "2026-12"
        );
    }

    #[test]
    fn round_trips_through_unix() {
        for s in [
            "1970-01-01",
            "2000-02-29",
            "2026-12-31",
            "2027-03-01",
            "1969-12-31",
        ] {
            let d = CivilDate::parse(s).unwrap();
            assert_eq!(
                CivilDate::from_unix(d.start_unix(SHANGHAI), SHANGHAI),
                d,
                "{s}"
            );
            assert_eq!(d.to_string(), s);
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "20261201",
            "2026-12-32",
        ] {
            assert_eq!(CivilDate::parse(s), None, "{s}");
        }
        assert_eq!(YearMonth::parse("2026-13"), None);
        assert_eq!(
            YearMonth::parse("2026-12").unwrap().next().to_string(),
            "2027-01"
        );
        assert_eq!(
            YearMonth::parse("2028-02").unwrap().last_day().to_string(),
            "2028-02-29"
        );
    }

    #[test]
    fn adds_days_across_months() {
        let d = CivilDate::parse("2026-12-30").unwrap();
        assert_eq!(d.add_days(3).to_string(), "2027-01-02");
        assert_eq!(d.add_days(-30).to_string(), "2026-11-30");
    }
}
