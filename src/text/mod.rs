//! Words: ids and numbers from the core in, English out, from the data
//! files in `questionnaires/*.en.json`.

pub mod analysis;
pub mod explain;
