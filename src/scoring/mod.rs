//! The pure core: a validated bank and answers in, ids and numbers out.
//! No file, terminal, clock or English sentence lives here.

pub mod analysis;
pub mod category;
pub mod check;
pub mod classify;
pub mod compare;
pub mod quality;
pub mod result;
pub mod score;
pub mod stats;
pub mod v1;
