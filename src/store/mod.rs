//! The user's own files: progress kept for resuming, and kept results.

pub mod history;
pub mod progress;
pub mod result_file;
