//! Words: ids and numbers from the core in, English out, from the data
//! files in `questionnaires/*.en.json` (`explanations.en.json` for the
//! explanations, `messages.en.json` for short words).

pub mod analysis;
pub mod explain;
pub mod flags;
pub mod words;
