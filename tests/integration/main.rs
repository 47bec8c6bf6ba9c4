mod support;

mod analyze;
mod analyze_reference;
mod answers;
mod banks;
mod calibrate;
mod layers;
mod pty;
mod score_cmd;
mod scoring;
mod scoring_props;
mod take;
mod visual;
