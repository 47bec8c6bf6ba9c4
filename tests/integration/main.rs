mod support;

mod answers;
mod banks;
mod visual;
