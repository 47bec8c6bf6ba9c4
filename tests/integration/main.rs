mod support;

mod answers;
mod banks;
mod change;
mod fhir;
mod fhir_import;
mod interpretation;
mod layers;
mod pty;
mod score_cmd;
mod scoring;
mod scoring_props;
mod take;
mod texts;
mod visual;
