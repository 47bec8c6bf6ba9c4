//! Saved results: `<data dir>/history/<timestamp>-<bank>.json`, written
//! owner-only and only when the user chose to keep a result (`take`
//! asks; `report --keep`). A result's id is its file stem. The timestamp is
//! when the answers were completed (the result's `completed_at`), else when
//! it was kept, in UTC as `YYYYMMDDTHHMMSSZ`, so file names sort by date.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::result::Scored;

/// The history directory, `<data dir>/history`.
pub fn dir() -> Result<PathBuf> {
    crate::paths::data_dir()
        .map(|d| d.join("history"))
        .ok_or_else(|| Error::CantCreate {
            path: "history".into(),
            reason: "no data directory could be found for this user; set SECUREBASE_DATA_DIR"
                .into(),
        })
}

/// Keeps a result in the history; returns where it was written.
pub fn keep(scored: &Scored) -> Result<PathBuf> {
    keep_in(&dir()?, scored, now_unix())
}

/// [`keep`] into a given directory, with the current time given.
pub fn keep_in(dir: &Path, scored: &Scored, now: i64) -> Result<PathBuf> {
    create_private_dir(dir)?;
    let secs = scored
        .completed_at
        .as_deref()
        .and_then(parse_rfc3339)
        .unwrap_or(now);
    let base = format!("{}-{}", stamp(secs), safe_id(&scored.bank.id));
    let mut json = serde_json::to_string_pretty(scored).map_err(|e| Error::Write {
        path: dir.to_path_buf(),
        cause: e.into(),
    })?;
    json.push('\n');
    for n in 1..100 {
        let stem = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let path = dir.join(format!("{stem}.json"));
        match crate::store::write_private(&path, json.as_bytes(), false) {
            Ok(()) => return Ok(path),
            Err(Error::CantCreate { .. }) if path.exists() => {}
            Err(e) => return Err(e),
        }
    }
    Err(Error::CantCreate {
        path: dir.join(format!("{base}.json")),
        reason: "too many results kept in the same second".into(),
    })
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir).map_err(|e| Error::CantCreate {
        path: dir.to_path_buf(),
        reason: format!("cannot create the history directory: {e}"),
    })
}

/// Bank ids are `[a-z0-9-]+`; anything else is replaced so a result file
/// can never name a path outside the history directory.
fn safe_id(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.is_empty() {
        "bank".into()
    } else {
        s
    }
}

/// One kept result.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: String,
    pub path: PathBuf,
    pub scored: Scored,
}

/// What is in the history: results oldest first, and the files that could
/// not be read (named, with why).
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub entries: Vec<Entry>,
    pub problems: Vec<String>,
}

pub fn list() -> Result<Listing> {
    list_in(&dir()?)
}

/// Lists a history directory (a missing directory is an empty history).
pub fn list_in(dir: &Path) -> Result<Listing> {
    let mut listing = Listing::default();
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(listing),
        Err(source) => {
            return Err(Error::Read {
                path: dir.to_path_buf(),
                cause: source,
            })
        }
    };
    let mut paths: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    for path in paths {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let parsed = crate::bank::read_limited(&path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str::<Scored>(&t).map_err(|e| e.to_string()));
        match parsed {
            Ok(scored) => listing.entries.push(Entry { id, path, scored }),
            Err(e) => listing
                .problems
                .push(format!("{}: skipped: {e}", path.display())),
        }
    }
    Ok(listing)
}

/// The file of a kept result, if the id is well formed and exists.
fn path_of(dir: &Path, id: &str) -> Result<PathBuf> {
    let well_formed = !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    let path = dir.join(format!("{id}.json"));
    if well_formed && path.is_file() {
        Ok(path)
    } else {
        Err(Error::Read {
            path,
            cause: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "no kept result with the id `{id}`; run `securebase history` to see the ids"
                ),
            ),
        })
    }
}

/// Deletes one kept result by id; returns the file removed.
pub fn delete_in(dir: &Path, id: &str) -> Result<PathBuf> {
    let path = path_of(dir, id)?;
    std::fs::remove_file(&path).map_err(|source| Error::Write {
        path: path.clone(),
        cause: source,
    })?;
    Ok(path)
}

/// Deletes every kept result (the `.json` files of the history
/// directory); returns how many.
pub fn delete_all_in(dir: &Path) -> Result<usize> {
    let mut n = 0;
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Ok(0);
    };
    for path in rd.filter_map(|e| e.ok().map(|e| e.path())) {
        if path.extension().is_some_and(|e| e == "json") && path.is_file() {
            std::fs::remove_file(&path).map_err(|source| Error::Write {
                path: path.clone(),
                cause: source,
            })?;
            n += 1;
        }
    }
    Ok(n)
}

// --- time, without a clock dependency ----------------------------------

pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `t` as RFC 3339 in UTC, to the second: `2025-03-01T09:30:00Z`.
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    format_unix(secs)
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

/// A sparkline of values on `[lo, hi]`, one character each; a missing value
/// is a space. Unicode blocks, or in ASCII `_.-'^` from low to high.
pub fn sparkline(values: &[Option<f64>], lo: f64, hi: f64, ascii: bool) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    const PLAIN: [char; 5] = ['_', '.', '-', '\'', '^'];
    let levels: &[char] = if ascii { &PLAIN } else { &BLOCKS };
    values
        .iter()
        .map(|v| match v {
            Some(v) => levels[crate::plot::cell(*v, lo, hi, levels.len())],
            None => ' ',
        })
        .collect()
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
    fn sparklines() {
        // 1–7 on 8 levels: round((v−1)/6·7): 1 → 0, 4 → 3.5 → 4, 7 → 7.
        assert_eq!(
            sparkline(&[Some(1.0), Some(4.0), None, Some(7.0)], 1.0, 7.0, false),
            "▁▅ █"
        );
        assert_eq!(
            sparkline(&[Some(1.0), Some(4.0), Some(7.0)], 1.0, 7.0, true),
            "_-^"
        );
    }

    #[test]
    fn ids_cannot_escape_the_directory() {
        let d = tempfile::tempdir().unwrap();
        assert!(path_of(d.path(), "../x").is_err());
        assert!(path_of(d.path(), ".hidden").is_err());
        assert_eq!(safe_id("../Sb short"), "---sb-short");
    }
}
