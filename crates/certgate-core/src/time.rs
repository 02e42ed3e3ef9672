//! Time as the caller passes it: seconds since the Unix epoch, UTC.
//!
//! The core has no clock (it runs in `no_std` and in the browser); every
//! evaluation takes a [`UnixTime`] from its caller.

use alloc::format;
use alloc::string::String;

/// Seconds since 1970-01-01T00:00:00Z. Negative values are before the epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

impl UnixTime {
    /// Builds a time from whole seconds since the epoch.
    pub const fn from_seconds(seconds: i64) -> Self {
        Self(seconds)
    }

    /// Builds a time from milliseconds since the epoch (what JavaScript's
    /// `Date.now()` gives); sub-second precision is dropped towards the past.
    pub const fn from_millis(millis: i64) -> Self {
        Self(millis.div_euclid(1000))
    }

    /// Seconds since the epoch.
    pub const fn seconds(self) -> i64 {
        self.0
    }

    /// Parses an RFC 3339 timestamp such as `2026-01-02T03:04:05Z`,
    /// `2026-01-02T03:04:05.999+00:00` or `2026-01-02 03:04:05+01:00`.
    /// Fractions of a second are dropped.
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let bytes = text.trim().as_bytes();
        if bytes.len() < 19 {
            return None;
        }
        let number = |range: core::ops::Range<usize>| -> Option<i64> {
            let part = bytes.get(range)?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            core::str::from_utf8(part).ok()?.parse().ok()
        };
        let year = number(0..4)?;
        let month = number(5..7)?;
        let day = number(8..10)?;
        let hour = number(11..13)?;
        let minute = number(14..16)?;
        let second = number(17..19)?;
        if bytes[4] != b'-'
            || bytes[7] != b'-'
            || !matches!(bytes[10], b'T' | b't' | b' ')
            || bytes[13] != b':'
            || bytes[16] != b':'
        {
            return None;
        }
        let mut rest = &bytes[19..];
        if rest.first() == Some(&b'.') {
            let digits = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            rest = &rest[1 + digits..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let digits = [*h1, *h2, *m1, *m2];
                if !digits.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let hours = i64::from(h1 - b'0') * 10 + i64::from(h2 - b'0');
                let minutes = i64::from(m1 - b'0') * 10 + i64::from(m2 - b'0');
                let total = hours * 3600 + minutes * 60;
                if *sign == b'-' { -total } else { total }
            }
            _ => return None,
        };
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let days = days_from_civil(year, month, day);
        Some(Self(
            days * 86_400 + hour * 3600 + minute * 60 + second - offset,
        ))
    }

    /// Formats as RFC 3339 in UTC, e.g. `2026-01-02T03:04:05Z`.
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(86_400);
        let seconds = self.0.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            seconds / 3600,
            (seconds / 60) % 60,
            seconds % 60
        )
    }
}

/// Parses DER UTCTime contents, `YYMMDDHHMMSSZ` (RFC 5280 §4.1.2.5.1):
/// `YY` ≥ 50 is 19YY, below 50 is 20YY, so 1950 through 2049.
pub(crate) fn from_utc_time(bytes: &[u8]) -> Option<UnixTime> {
    let [y1, y2, rest @ ..] = bytes else {
        return None;
    };
    let year = two_digits(*y1, *y2)?;
    let year = if year >= 50 { 1900 + year } else { 2000 + year };
    from_fields(year, rest)
}

/// Parses DER GeneralizedTime contents, `YYYYMMDDHHMMSSZ` (RFC 5280
/// §4.1.2.5.2: seconds required, no fraction, Zulu), years 0000 to 9999.
pub(crate) fn from_generalized_time(bytes: &[u8]) -> Option<UnixTime> {
    let [c1, c2, y1, y2, rest @ ..] = bytes else {
        return None;
    };
    let year = two_digits(*c1, *c2)? * 100 + two_digits(*y1, *y2)?;
    from_fields(year, rest)
}

/// `MMDDHHMMSSZ` after the year; seconds 0-59 (DER has no leap second).
fn from_fields(year: i64, rest: &[u8]) -> Option<UnixTime> {
    let [mo1, mo2, d1, d2, h1, h2, mi1, mi2, s1, s2, b'Z'] = *rest else {
        return None;
    };
    let month = two_digits(mo1, mo2)?;
    let day = two_digits(d1, d2)?;
    let hour = two_digits(h1, h2)?;
    let minute = two_digits(mi1, mi2)?;
    let second = two_digits(s1, s2)?;
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(UnixTime(days * 86_400 + hour * 3600 + minute * 60 + second))
}

fn two_digits(high: u8, low: u8) -> Option<i64> {
    (high.is_ascii_digit() && low.is_ascii_digit())
        .then(|| i64::from(high - b'0') * 10 + i64::from(low - b'0'))
}

pub(crate) fn is_leap_year(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        let time = UnixTime::parse_rfc3339("2026-11-29T15:02:41Z");
        assert_eq!(time, Some(UnixTime(1_795_964_561)));
        assert_eq!(UnixTime(1_795_964_561).to_rfc3339(), "2026-11-29T15:02:41Z");
        assert_eq!(UnixTime(0).to_rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(UnixTime(-1).to_rfc3339(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn rfc3339_offsets_and_fractions() {
        assert_eq!(
            UnixTime::parse_rfc3339("1970-01-01T01:00:00.999+01:00"),
            Some(UnixTime(0))
        );
        assert_eq!(UnixTime::parse_rfc3339("2024-02-30T00:00:00Z"), None);
        assert_eq!(UnixTime::parse_rfc3339("2024-02-29T00:00:00"), None);
        assert_eq!(UnixTime::parse_rfc3339("garbage"), None);
        assert_eq!(UnixTime::from_millis(-1), UnixTime(-1));
    }

    #[test]
    fn utc_time_century_window() {
        // PKITS 4.2.3: 1950-01-01T12:01:00Z, before the epoch.
        let time = from_utc_time(b"500101120100Z");
        assert_eq!(time, Some(UnixTime(-631_108_740)));
        assert_eq!(
            time.map(UnixTime::to_rfc3339).as_deref(),
            Some("1950-01-01T12:01:00Z")
        );
        assert_eq!(
            from_utc_time(b"491231235959Z")
                .map(UnixTime::to_rfc3339)
                .as_deref(),
            Some("2049-12-31T23:59:59Z")
        );
        assert_eq!(
            from_utc_time(b"500101000000Z")
                .map(UnixTime::to_rfc3339)
                .as_deref(),
            Some("1950-01-01T00:00:00Z")
        );
        assert_eq!(from_utc_time(b"700101000000Z"), Some(UnixTime(0)));
        assert_eq!(from_utc_time(b"691231235959Z"), Some(UnixTime(-1)));
        assert_eq!(
            from_utc_time(b"000229000000Z")
                .map(UnixTime::to_rfc3339)
                .as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
    }

    #[test]
    fn generalized_time_years_0000_to_9999() {
        let cases: [(&[u8], &str); 5] = [
            (b"18991231235959Z", "1899-12-31T23:59:59Z"),
            (b"99991231235959Z", "9999-12-31T23:59:59Z"),
            (b"00000101000000Z", "0000-01-01T00:00:00Z"),
            (b"19000228000000Z", "1900-02-28T00:00:00Z"),
            (b"20500101000000Z", "2050-01-01T00:00:00Z"),
        ];
        for (der, text) in cases {
            let time = from_generalized_time(der);
            assert_eq!(time.map(UnixTime::to_rfc3339).as_deref(), Some(text));
            assert_eq!(time, UnixTime::parse_rfc3339(text));
        }
        assert_eq!(
            from_generalized_time(b"18991231235959Z"),
            Some(UnixTime(-2_208_988_801))
        );
        assert_eq!(
            from_generalized_time(b"99991231235959Z"),
            Some(UnixTime(253_402_300_799))
        );
        assert!(from_generalized_time(b"18991231235959Z") < from_utc_time(b"500101000000Z"));
    }

    #[test]
    fn asn1_times_are_strict() {
        // 1900 is not a leap year, 2000 is.
        assert_eq!(from_generalized_time(b"19000229000000Z"), None);
        assert!(from_generalized_time(b"20000229000000Z").is_some());
        for bad in [
            b"5001011201Z".as_slice(),
            b"500101120100",
            b"500101120100+0000",
            b"500101120160Z",
            b"501301120100Z",
            b"500100120100Z",
            b"500101240000Z",
            b"5a0101120100Z",
        ] {
            assert_eq!(from_utc_time(bad), None, "{bad:?}");
        }
        assert_eq!(from_generalized_time(b"19500101120100.5Z"), None);
        assert_eq!(from_generalized_time(b"500101120100Z"), None);
    }
}
