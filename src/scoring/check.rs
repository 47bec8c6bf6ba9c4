//! A result read back from a file is hostile input like any other: its
//! numbers are checked before anything is drawn, indexed or allocated from
//! them (a cutoff of 1e308 once asked the plot for a 309-column margin).
//! The rules are wide enough for every result securebase writes: bank
//! values lie within ±1,000 (see the bank format), so every score, cutoff,
//! interval end, SEM and z lies well within ±[`MAX_ABS`].

use super::result::{DimensionScore, ResultDoc};

/// The largest magnitude any number of a result may have.
pub const MAX_ABS: f64 = 1e6;

/// The most items a dimension of a result may count.
pub const MAX_ITEMS: usize = 1_000_000;

fn number(path: &str, v: f64) -> Result<(), String> {
    if v.is_finite() && v.abs() <= MAX_ABS {
        Ok(())
    } else {
        // 1e308 in words, not in 309 digits.
        Err(format!("`{path}` is {v:e}, outside ±{MAX_ABS}"))
    }
}

fn dimension(path: &str, d: &DimensionScore) -> Result<(), String> {
    let at = |f: &str| format!("{path}.{f}");
    for (f, v) in [
        ("score", d.score),
        ("sem", d.sem),
        ("z", d.z),
        ("cutoff", Some(d.cutoff)),
        ("reliability", d.reliability),
        ("sd", d.sd),
    ] {
        if let Some(v) = v {
            number(&at(f), v)?;
        }
    }
    // A sum score adds up to MAX_ITEMS ratings of at most 1,000.
    if let Some(v) = d.sum.filter(|v| !v.is_finite() || v.abs() > 1e9) {
        return Err(format!("`{}` is {v:e}, outside ±1e9", at("sum")));
    }
    if let Some(p) = d.percentile {
        if !(0.0..=100.0).contains(&p) {
            return Err(format!("`{}` is {p}, outside 0 to 100", at("percentile")));
        }
    }
    if d.sem.is_some_and(|s| s < 0.0) {
        return Err(format!("`{}` is negative", at("sem")));
    }
    if let Some([lo, hi]) = d.interval {
        number(&at("interval"), lo)?;
        number(&at("interval"), hi)?;
        if lo > hi {
            return Err(format!("`{}` runs backwards ({lo} > {hi})", at("interval")));
        }
    }
    if d.items > MAX_ITEMS || d.answered > d.items || d.missing > d.items {
        return Err(format!(
            "`{path}` counts {} answered and {} missing of {} items",
            d.answered, d.missing, d.items
        ));
    }
    Ok(())
}

/// Checks every number of a result: finite, within ±[`MAX_ABS`],
/// percentiles 0–100, intervals in order, counts that add up. `Err` names
/// the first field that is not, by its JSON path.
pub fn numbers(r: &ResultDoc) -> Result<(), String> {
    for (i, d) in r.dimensions.iter().enumerate() {
        dimension(&format!("dimensions[{i}]"), d)?;
    }
    for (t, target) in r.targets.iter().enumerate() {
        for (i, d) in target.dimensions.iter().enumerate() {
            dimension(&format!("targets[{t}].dimensions[{i}]"), d)?;
        }
    }
    let styles = r
        .style
        .iter()
        .chain(r.targets.iter().filter_map(|t| t.style.as_ref()));
    for s in styles {
        if let Some(a) = &s.axes {
            for (k, v) in [
                ("secure_fearful", a.secure_fearful),
                ("dismissing_preoccupied", a.dismissing_preoccupied),
            ] {
                number(&format!("style.axes.{k}"), v)?;
            }
        }
    }
    if let Some(p) = &r.prototype {
        for (f, v) in [
            ("model_of_self", p.model_of_self),
            ("model_of_other", p.model_of_other),
        ] {
            if let Some(v) = v {
                number(&format!("prototype.{f}"), v)?;
            }
        }
        for (k, v) in &p.ratings {
            if let Some(v) = v {
                number(&format!("prototype.ratings.{k}"), *v as f64)?;
            }
        }
    }
    for (k, v) in &r.timings {
        if !v.is_finite() || *v < 0.0 || *v > MAX_ABS {
            return Err(format!("`timings.{k}` is {v}, not a number of seconds"));
        }
    }
    Ok(())
}

/// Checks a result against the scale of the bank it was scored with:
/// every score and cutoff on the scale (what the plot and the report
/// place them on).
pub fn on_scale(r: &ResultDoc, (min, max): (i64, i64)) -> Result<(), String> {
    let (lo, hi) = (min as f64, max as f64);
    let all = r
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| (format!("dimensions[{i}]"), d))
        .chain(r.targets.iter().enumerate().flat_map(|(t, target)| {
            target
                .dimensions
                .iter()
                .enumerate()
                .map(move |(i, d)| (format!("targets[{t}].dimensions[{i}]"), d))
        }));
    for (path, d) in all {
        for (f, v) in [("score", d.score), ("cutoff", Some(d.cutoff))] {
            if let Some(v) = v.filter(|v| !(lo..=hi).contains(v)) {
                return Err(format!(
                    "`{path}.{f}` is {v}, outside the questionnaire's scale {min} to {max}"
                ));
            }
        }
    }
    Ok(())
}
