mod support;
mod banks;
mod visual;
