//! The pure core beyond one respondent's score: study statistics.

pub mod stats;
