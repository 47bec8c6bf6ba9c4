mod support;

mod answers;
mod banks;
mod edges;
mod fhir;
mod fhir_import;
mod fuzz;
mod hostile;
mod layers;
mod pty;
mod score_cmd;
mod scoring;
mod scoring_props;
mod take;
mod visual;
