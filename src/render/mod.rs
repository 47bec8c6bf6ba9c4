//! Renderers: a result (and the render context) in, text or bytes out.

pub mod fhir;
pub mod html;
pub mod plot;
pub mod table;
