//! Renderers: a result (and the render context) in, text or bytes out.

pub mod analysis;
pub mod analysis_html;
pub mod banks;
pub mod csv;
pub mod ctx;
pub mod display;
pub mod fhir;
pub mod fit;
pub mod glyphs;
pub mod history;
pub mod html;
pub mod markdown;
pub mod md_text;
pub mod plot;
pub mod published;
pub mod recipe;
mod report;
pub mod screen;
pub mod study;
pub mod svg;
pub mod table;

pub use ctx::RenderCtx;
