mod support;
mod banks;
mod scoring;
mod scoring_props;
