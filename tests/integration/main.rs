mod banks;
mod scoring;
mod scoring_props;
mod support;
