//! Renderers: a result (and the render context) in, text or bytes out.

pub mod banks;
pub mod compare;
pub mod csv;
pub mod ctx;
pub mod fhir;
pub mod fit;
pub mod glyphs;
pub mod history;
pub mod html;
pub mod plot;
pub mod published;
pub mod recipe;
pub mod report_notes;
pub mod screen;
pub mod study;
pub mod table;

pub use ctx::RenderCtx;
