mod placeholder {}
mod scoring;
mod scoring_props;
