//! Words for a study analysis: the ids of `securebase.analysis/1` (reasons
//! a score or a statistic is missing, item warnings) in plain English, for
//! the table, Markdown and HTML renderers alike.

use crate::scoring::analysis::{ItemAnalysis, Why};

/// Why respondents have no score on a dimension.
pub fn not_scored(reason: &str) -> &'static str {
    match reason {
        "too-many-missing" => "too many items missing",
        "does-not-apply" => "the relationship does not apply to them",
        "all-not-applicable" => "every relationship marked as not applying",
        "no-relationship-scored" => "no relationship with enough answers",
        _ => "no score",
    }
}

/// What a statistic's name means to a reader.
pub fn statistic(name: &str) -> &'static str {
    match name {
        "alpha" => "alpha",
        "std_alpha" => "standardized alpha",
        "average_r" => "average inter-item r",
        "omega" => "omega",
        _ => "this statistic",
    }
}

/// Why a statistic cannot be computed, in a sentence fragment that follows
/// "alpha cannot be computed: ".
pub fn unavailable(why: &Why) -> String {
    let items = why.items.join(" and ");
    match why.reason {
        "fewer-than-two-items" => "the scale has fewer than two items".into(),
        "fewer-than-three-items" => "a one-factor model needs at least three items".into(),
        "fewer-than-two-respondents" => {
            "fewer than two respondents answered (with --listwise: answered every item)".into()
        }
        "pair-not-answered-together" => {
            format!("{items} were answered together by fewer than two respondents")
        }
        "no-variance" => {
            "everyone's answers add up to the same total, so there is no variance to share".into()
        }
        "item-without-variance" => format!("everyone gave {items} the same answer"),
        "pair-without-variance" => {
            format!("among those who answered both {items}, one of them did not vary")
        }
        "not-converged" => "the one-factor solution did not settle".into(),
        other => other.to_string(),
    }
}

/// A warning for an item whose corrected item–total correlation is
/// negative, or `None` when it is not.
pub fn item_warning(item: &ItemAnalysis) -> Option<String> {
    let r = item.r_drop.filter(|r| *r < 0.0)?;
    let keyed = if item.reverse {
        "it is reverse-keyed: is that right for your copy?"
    } else {
        "should it be reverse-keyed?"
    };
    Some(format!(
        "{}: r.drop is negative ({r:.2}): the item runs against the rest of its scale, \
         which usually means a keying error; {keyed}",
        item.key
    ))
}

/// The Heywood-case caution for omega.
pub const OMEGA_BOUNDED: &str =
    "an item's communality reached its bound (a Heywood case): read omega with care";

/// What "close to the cutoff" means here.
pub const CLOSE_TO_CUTOFF: &str =
    "at the cutoff, or with a 95% interval that reaches it (where the bank has reliability values)";
