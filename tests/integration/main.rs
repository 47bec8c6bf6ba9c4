mod support;

mod answers;
mod banks;
mod fhir;
mod fhir_import;
mod help;
mod history_list;
mod input_checks;
mod layers;
mod layout;
mod pty;
mod score_cmd;
mod scoring;
mod scoring_props;
mod take;
mod terminal;
mod visual;
