mod support;

mod answers;
mod banks;
mod scoring;
mod scoring_props;
mod pty;
mod take;
mod visual;
