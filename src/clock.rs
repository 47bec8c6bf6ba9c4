//! Dates without a clock dependency: Unix seconds, RFC 3339 in UTC, and
//! sortable file-name stamps. Results, progress and history files all carry
//! times, and one calendar implementation serves them all.

use std::time::{SystemTime, UNIX_EPOCH};

pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Unix seconds as RFC 3339 UTC.
pub fn format_unix(secs: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Unix seconds as a file-name timestamp: `20250301T093000Z`.
pub fn stamp(secs: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(secs);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

/// Parses the file-name stamp at the start of `s` (`20250301T093000Z…`,
/// as [`stamp`] writes it) to Unix seconds; `None` when `s` does not start
/// with one. Works on any text: nothing is sliced at a byte that could
/// split a character.
pub fn parse_stamp(s: &str) -> Option<i64> {
    let b = s.as_bytes().get(..16)?;
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..8) && b[8] == b'T' && digits(9..15) && b[15] == b'Z') {
        return None;
    }
    // All ASCII from here: the slices below fall on character boundaries.
    let t = &s[..16];
    parse_rfc3339(&format!(
        "{}-{}-{}T{}:{}:{}Z",
        &t[0..4],
        &t[4..6],
        &t[6..8],
        &t[9..11],
        &t[11..13],
        &t[13..15]
    ))
}

fn civil(secs: i64) -> (i64, u32, u32, u32, u32, u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        m,
        d,
        (rem / 3600) as u32,
        (rem % 3600 / 60) as u32,
        (rem % 60) as u32,
    )
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses RFC 3339 (`2025-03-01T09:30:00Z`, `…T09:30:00.5+02:00`; a space
/// for `T` is accepted) to Unix seconds. `None` when malformed.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &frac[n..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let ob = rest.as_bytes();
            if ob.len() != 6 || ob[3] != b':' || !matches!(ob[0], b'+' | b'-') {
                return None;
            }
            let oh: i64 = rest[1..3].parse().ok()?;
            let om: i64 = rest[4..6].parse().ok()?;
            let o = oh * 3600 + om * 60;
            if ob[0] == b'-' {
                -o
            } else {
                o
            }
        }
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset)
}

/// How long ago `then` was, in words that need no time zone: "just now",
/// "5 minutes ago", "3 hours ago", "2 days ago", and past two weeks the
/// date ("on 2026-11-28").
pub fn ago(then: i64, now: i64) -> String {
    let secs = now - then;
    let plural = |n: i64, unit: &str| {
        if n == 1 {
            format!("1 {unit} ago")
        } else {
            format!("{n} {unit}s ago")
        }
    };
    match secs {
        ..60 => "just now".into(),
        60..3_600 => plural(secs / 60, "minute"),
        3_600..86_400 => plural(secs / 3_600, "hour"),
        86_400..1_209_600 => plural(secs / 86_400, "day"),
        _ => {
            let (y, m, d, ..) = civil(then);
            format!("on {y:04}-{m:02}-{d:02}")
        }
    }
}

/// A date a person reads, with its time zone: "28 November 2026, 06:00 UTC".
pub fn human(secs: i64) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (y, m, d, h, mi, _) = civil(secs);
    format!("{d} {} {y}, {h:02}:{mi:02} UTC", MONTHS[(m - 1) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_times() {
        assert_eq!(format_unix(0), "1970-01-01T00:00:00Z");
        // 2000-03-01 is day 11017: 30 years (7 leap days: 72..96) = 10957, + Jan 31 + Feb 29 = 11017.
        assert_eq!(format_unix(11_017 * 86_400 + 3661), "2000-03-01T01:01:01Z");
        assert_eq!(stamp(11_017 * 86_400 + 3661), "20000301T010101Z");
        assert_eq!(format_unix(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(parse_rfc3339("2023-11-14T22:13:20Z"), Some(1_700_000_000));
        assert_eq!(
            parse_rfc3339("2023-11-15T00:13:20.25+02:00"),
            Some(1_700_000_000)
        );
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Some(-1));
        assert_eq!(parse_rfc3339("2023-11-14"), None);
        assert_eq!(parse_rfc3339("2023-13-14T22:13:20Z"), None);
        assert_eq!(parse_rfc3339("2023-11-14T22:13:20"), None);
        for t in [0, 951_782_400, 1_709_251_199, 4_102_444_800] {
            assert_eq!(parse_rfc3339(&format_unix(t)), Some(t));
        }
    }

    #[test]
    fn stamps_parse_back_and_odd_names_do_not_panic() {
        assert_eq!(
            parse_stamp("20231114T221320Z-sb-short"),
            Some(1_700_000_000)
        );
        assert_eq!(parse_stamp(&stamp(951_782_400)), Some(951_782_400));
        for s in [
            "aaaé123T123456Z",
            "2023111éT221320Z",
            "20231114T2213",
            "",
            "é",
            "20231314T221320Z",
        ] {
            assert_eq!(parse_stamp(s), None, "{s}");
        }
    }

    #[test]
    fn calendar_dates() {
        assert_eq!(format_unix(0), "1970-01-01T00:00:00Z");
        // 2000-02-29 is a leap day: 11016 days after the epoch, + 12:34:56.
        assert_eq!(
            format_unix(11_016 * 86_400 + 12 * 3600 + 34 * 60 + 56),
            "2000-02-29T12:34:56Z"
        );
        // 1_700_000_000 s = 2023-11-14 22:13:20 UTC.
        assert_eq!(format_unix(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(stamp(1_700_000_000), "20231114T221320Z");
    }

    #[test]
    fn words_for_times() {
        let t = 1_764_309_600; // 2025-11-28T06:00:00Z
        assert_eq!(human(t), "28 November 2025, 06:00 UTC");
        assert_eq!(ago(t, t + 59), "just now");
        assert_eq!(ago(t, t + 60), "1 minute ago");
        assert_eq!(ago(t, t + 3 * 3600 + 5), "3 hours ago");
        assert_eq!(ago(t, t + 86_400), "1 day ago");
        assert_eq!(ago(t, t + 13 * 86_400), "13 days ago");
        assert_eq!(ago(t, t + 15 * 86_400), "on 2025-11-28");
    }
}
