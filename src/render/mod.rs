//! Renderers: a result (and the render context) in, text or bytes out.

pub mod display;
pub mod html;
pub mod markdown;
pub mod plot;
mod report;
pub mod table;
