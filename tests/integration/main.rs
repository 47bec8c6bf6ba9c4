mod support;

mod answers;
mod banks;
mod scoring;
mod scoring_props;
mod visual;
