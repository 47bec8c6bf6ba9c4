mod support;

mod answers;
mod banks;
