//! The terminal: printing, and asking the questions.

pub mod prompt;
pub mod term;
