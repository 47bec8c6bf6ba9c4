//! The names a person reads for response-quality flags: the ids
//! (`keyed-disagreement`) are for programs; reports show these words.

/// A flag id in words (the id itself for one this build does not know).
pub fn flag_name(id: &str) -> &str {
    match id {
        "straight-lining" => "The same answer throughout",
        "long-run" => "A long run of identical answers",
        "keyed-disagreement" => "Answers that disagree with their reversed counterparts",
        "too-many-missing" => "Too many answers missing",
        "too-fast" => "Answered faster than reading allows",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_flags_have_words() {
        for id in [
            "straight-lining",
            "long-run",
            "keyed-disagreement",
            "too-many-missing",
            "too-fast",
        ] {
            assert_ne!(super::flag_name(id), id);
        }
        assert_eq!(super::flag_name("new-flag"), "new-flag");
    }
}
