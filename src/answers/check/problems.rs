//! The messages of [`Checker`]: what is wrong with a value, and the fix
//! that fits the file's format ([`Flavor`]). Built only when an answer is
//! refused, so the checks themselves stay short.

use super::super::error::{show_text, ErrorKind, Problem};
use super::super::NOT_APPLICABLE;
use super::{parse_int, suggest, Checker, Flavor};

impl Checker<'_> {
    pub(super) fn scale_problem(&self) -> String {
        format!(
            "outside the answer scale of {} ({} to {})",
            self.bank.id, self.bank.scale.min, self.bank.scale.max
        )
    }

    pub(super) fn rating_fix(&self, flavor: Flavor) -> String {
        format!(
            "give a whole number from {} to {}, or {}",
            self.bank.scale.min,
            self.bank.scale.max,
            flavor.missing()
        )
    }

    pub(super) fn bad_target_value(&self, t: usize, shown: String, flavor: Flavor) -> Problem {
        let id = &self.bank.targets[t].id;
        let empty = match flavor {
            Flavor::Json => "null",
            Flavor::Csv => "an empty cell",
        };
        Problem::new(
            ErrorKind::BadNotApplicable,
            format!("a relationship id only takes the value \"{NOT_APPLICABLE}\""),
        )
        .value(shown)
        .fix(format!(
            "write \"{NOT_APPLICABLE}\" if `{id}` does not apply to this person, or {empty} if it does; ratings go under `{id}.<item>`"
        ))
    }

    #[cold]
    pub(super) fn bad_rating_cell(&self, slot: usize, b: &[u8]) -> Problem {
        let text = String::from_utf8_lossy(b);
        let shown = show_text(&text);
        if let Some(v) = parse_int(b) {
            return match self.rating(slot, v, || shown, Flavor::Csv) {
                Err(p) => p,
                Ok(_) => unreachable!("only called for bad cells"),
            };
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => self.fraction(f, shown, Flavor::Csv),
            _ => self.text_rating(slot, &text, shown, Flavor::Csv),
        }
    }

    pub(super) fn fraction(&self, f: f64, shown: String, flavor: Flavor) -> Problem {
        // A whole number too large to be a rating (`1e19`, or digits past
        // what a 64-bit integer holds) is out of range, not "not whole".
        if f.fract() == 0.0
            && !(self.bank.scale.min as f64..=self.bank.scale.max as f64).contains(&f)
        {
            return Problem::new(ErrorKind::OutOfScale, self.scale_problem())
                .value(shown)
                .fix(self.rating_fix(flavor));
        }
        if f.fract() == 0.0 && f.abs() < 1e15 {
            Problem::new(
                ErrorKind::NotInteger,
                "written with a decimal point; ratings are whole numbers",
            )
            .value(shown)
            .fix(format!("write {}", f as i64))
        } else {
            Problem::new(ErrorKind::NotInteger, "not a whole number")
                .value(shown)
                .fix(self.rating_fix(flavor))
        }
    }

    pub(super) fn text_rating(
        &self,
        slot: usize,
        s: &str,
        shown: String,
        flavor: Flavor,
    ) -> Problem {
        let t = s.trim();
        if flavor == Flavor::Json {
            if let Ok(i) = t.parse::<i64>() {
                return Problem::new(ErrorKind::NumberAsText, "a rating written as text")
                    .value(shown)
                    .fix(format!("write {i} without quotes"));
            }
            if t.is_empty() {
                return Problem::new(ErrorKind::NotARating, "an empty string is not a rating")
                    .value(shown)
                    .fix("write null for a missing answer");
            }
        }
        if t == NOT_APPLICABLE {
            if let Some(target) = self.target_of(slot) {
                let id = &self.bank.targets[target].id;
                let how = match flavor {
                    Flavor::Json => format!("give \"{id}\": \"{NOT_APPLICABLE}\""),
                    Flavor::Csv => format!("put \"{NOT_APPLICABLE}\" in a `{id}` column"),
                };
                return Problem::new(ErrorKind::NotARating, "not a rating")
                    .value(shown)
                    .fix(format!(
                        "to say `{id}` does not apply, {how} and leave its items empty"
                    ));
            }
        }
        let mut fix = self.rating_fix(flavor);
        if flavor == Flavor::Csv && matches!(t, "NA" | "na" | "N/A" | "n/a" | "NaN" | "nan" | ".") {
            fix.push_str(" (from R: write.csv(..., na = \"\"))");
        }
        Problem::new(ErrorKind::NotARating, "not a rating")
            .value(shown)
            .fix(fix)
    }

    /// The message for a key the bank does not have, with the closest key
    /// it does have.
    pub fn unknown_key(&self, key: &str, flavor: Flavor) -> Problem {
        let what = match flavor {
            Flavor::Json => "key",
            Flavor::Csv => "column",
        };
        let problem = format!("not a question of {}", self.bank.id);
        let show = format!("`securebase show {}` lists them", self.bank.id);
        let base = Problem::new(ErrorKind::UnknownKey, problem);
        if flavor == Flavor::Csv && key == "bank" {
            return base
                .fix("remove the column: a CSV file holds one bank's answers, named with --bank");
        }
        // A bare item id on a bank with targets: name the per-target keys.
        if !self.bank.targets.is_empty() && self.bank.item(key).is_some() {
            let examples: Vec<String> = self
                .bank
                .targets
                .iter()
                .map(|t| format!("{}.{key}", t.id))
                .collect();
            return base.fix(format!(
                "{} asks each item once per relationship: name the {what} {}",
                self.bank.id,
                examples.join(", ")
            ));
        }
        let candidates = self
            .keys
            .keys()
            .map(String::as_str)
            .chain((flavor == Flavor::Csv).then_some("respondent"));
        match suggest(key, candidates) {
            Some(m) => base.fix(format!("did you mean `{m}`? ({show})")),
            None => base.fix(format!(
                "remove the {what} or use one of the bank's answer keys ({show})"
            )),
        }
    }
}
