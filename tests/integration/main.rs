mod support;

mod banks;
mod pty;
mod take;
