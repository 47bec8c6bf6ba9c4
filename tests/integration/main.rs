mod support;

mod analyze;
mod analyze_reference;
mod answers;
mod banks;
mod calibrate;
mod fhir;
mod fhir_import;
mod layers;
mod pty;
mod score_cmd;
mod scoring;
mod scoring_props;
mod take;
mod visual;
