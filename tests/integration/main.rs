mod banks;
mod support;
mod visual;
