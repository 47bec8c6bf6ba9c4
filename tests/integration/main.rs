mod support;

mod answers;
mod banks;
mod fhir;
mod fhir_import;
mod layers;
mod pty;
mod quality;
mod recipe_keys;
mod recipe_texts;
mod recipes;
mod score_cmd;
mod scoring;
mod scoring_props;
mod take;
mod visual;
