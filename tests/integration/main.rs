mod support;

mod banks;
