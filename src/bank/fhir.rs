//! How a bank's parts are named in HL7 FHIR R4 (Structured Data Capture):
//! the canonical URL of its Questionnaire, its local code systems, and the
//! `linkId` of every item. The Questionnaire builder (`render::fhir`), the
//! response reader (`answers::fhir`) and the offline checks
//! (`scripts/fhir-check`) all take their names from here, so they agree by
//! construction and a change of scheme is made in one place.
//!
//! No LOINC code exists for these instruments (research notes, fhir.md §2),
//! so instrument, item, scale and answer codes come from local code
//! systems under [`BASE`].
//!
//! LinkIds: an answer item's linkId is its answer key (`anx-01`, or
//! `mother.anx-01` in a bank with relationships), so a response reads
//! like an answer file. Everything else securebase adds has a `/` in its
//! linkId, which an item id can never contain (ids are `[A-Za-z0-9_-]`):
//! `score/anxiety`, `mother/score/anxiety`, `mother/not-applicable`,
//! `mother/about`, `about/instructions`.

use super::{Bank, Dimension, Target};

/// The root of every canonical URL securebase mints. `.invalid` is reserved
/// (RFC 2606) and never resolves: securebase publishes nothing online, and a
/// name that cannot be registered by someone else cannot be hijacked.
pub const BASE: &str = "https://securebase.invalid/fhir";

/// Decimal places of a score in FHIR outputs (the calculated expression
/// rounds to the same number of places, so the two agree exactly).
pub const SCORE_PLACES: u32 = 2;

/// The Questionnaire's canonical URL: stable across versions (a response
/// names `url|version`).
pub fn questionnaire_url(bank_id: &str) -> String {
    format!("{BASE}/Questionnaire/{bank_id}")
}

/// `url|version`, as `QuestionnaireResponse.questionnaire` names it.
pub fn questionnaire_canonical(bank: &Bank) -> String {
    format!("{}|{}", questionnaire_url(&bank.id), bank.version)
}

/// The bank id a canonical URL (with or without `|version`) names, if it is
/// one of securebase's; and the version, if given.
pub fn parse_canonical(canonical: &str) -> Option<(&str, Option<&str>)> {
    let (url, version) = match canonical.split_once('|') {
        Some((u, v)) => (u, Some(v)),
        None => (canonical, None),
    };
    let id = url.strip_prefix(BASE)?.strip_prefix("/Questionnaire/")?;
    (!id.is_empty() && !id.contains('/')).then_some((id, version))
}

/// Codes for the instruments themselves (a bank id is the code).
pub fn instrument_system() -> String {
    format!("{BASE}/CodeSystem/securebase-instrument")
}

/// Codes for a bank's questions (an item id is the code).
pub fn item_system(bank_id: &str) -> String {
    format!("{BASE}/CodeSystem/{bank_id}-item")
}

/// Codes for a bank's scores: a dimension id, or `<target>.<dimension>`.
pub fn scale_system(bank_id: &str) -> String {
    format!("{BASE}/CodeSystem/{bank_id}-scale")
}

/// Codes for the points of a bank's response scale (`"1"` … `"7"`).
pub fn answer_system(bank_id: &str) -> String {
    format!("{BASE}/CodeSystem/{bank_id}-answer")
}

/// The code of a point of the response scale.
pub fn answer_code(point: i64) -> String {
    point.to_string()
}

/// The scale point an answer code names, if it is one of the bank's.
pub fn parse_answer_code(bank: &Bank, code: &str) -> Option<i64> {
    let point: i64 = code.parse().ok()?;
    (point.to_string() == code && (bank.scale.min..=bank.scale.max).contains(&point))
        .then_some(point)
}

/// The display of a scale point: its label, or the number where the bank
/// labels only some points.
pub fn answer_display(bank: &Bank, point: i64) -> String {
    bank.scale
        .labels
        .get(&point)
        .cloned()
        .unwrap_or_else(|| point.to_string())
}

/// The weight a scale point carries for scoring: the point itself, or
/// min + max − point on a reverse-keyed item (the code stays the point
/// ticked; only the weight is reversed).
pub fn weight(bank: &Bank, reverse: bool, point: i64) -> i64 {
    if reverse {
        bank.scale.min + bank.scale.max - point
    } else {
        point
    }
}

pub const INSTRUCTIONS_LINK: &str = "about/instructions";

/// The display item with a relationship's introduction.
pub fn target_about_link(target: &Target) -> String {
    format!("{}/about", target.id)
}

/// The yes/no item "this relationship does not apply to me".
pub fn not_applicable_link(target: &Target) -> String {
    format!("{}/not-applicable", target.id)
}

/// A score item: `score/<dimension>`, or `<target>/score/<dimension>`.
pub fn score_link(target: Option<&Target>, dim: &Dimension) -> String {
    match target {
        Some(t) => format!("{}/score/{}", t.id, dim.id),
        None => format!("score/{}", dim.id),
    }
}

/// A score's code in [`scale_system`].
pub fn scale_code(target: Option<&Target>, dim: &Dimension) -> String {
    match target {
        Some(t) => format!("{}.{}", t.id, dim.id),
        None => dim.id.clone(),
    }
}

/// A computable name (rule que-0: `[A-Z][A-Za-z0-9_]*`): the bank id in
/// CamelCase, `sb-short` → `SbShort`.
pub fn computable_name(bank_id: &str) -> String {
    let mut out = String::new();
    for part in bank_id.split('-').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(c) = chars.next() {
            out.push(c.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_uppercase()) {
        out.insert(0, 'Q');
    }
    out
}

/// A score rounded to [`SCORE_PLACES`] as FHIRPath's `round(2)` does in
/// HL7's fhirpath.js (`Math.round(x * 100) / 100`; scores are positive, so
/// halves round up in both).
pub fn round_score(x: f64) -> f64 {
    let scale = f64::from(10u32.pow(SCORE_PLACES));
    (x * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_their_inverses() {
        assert_eq!(computable_name("sb-short"), "SbShort");
        assert_eq!(computable_name("ecr-r"), "EcrR");
        assert_eq!(computable_name("9lives"), "Q9lives");
        assert_eq!(
            parse_canonical("https://securebase.invalid/fhir/Questionnaire/sb-core|1.0.0"),
            Some(("sb-core", Some("1.0.0")))
        );
        assert_eq!(
            parse_canonical("https://securebase.invalid/fhir/Questionnaire/sb-core"),
            Some(("sb-core", None))
        );
        assert_eq!(parse_canonical("http://loinc.org/q/44249-1"), None);
        assert_eq!(parse_canonical(&format!("{BASE}/Questionnaire/")), None);
    }

    #[test]
    #[allow(clippy::float_cmp)] // exact: the rounded values must be these doubles
    fn rounding_matches_fhirpath_js() {
        // 33/8 = 4.125 is exact in binary: a true half rounds up, as
        // Math.round does. 1/3 and 2/3 round to the nearest hundredth.
        assert_eq!(round_score(33.0 / 8.0), 4.13);
        assert_eq!(round_score(13.0 / 3.0), 4.33);
        assert_eq!(round_score(14.0 / 3.0), 4.67);
        assert_eq!(round_score(7.0), 7.0);
    }
}
