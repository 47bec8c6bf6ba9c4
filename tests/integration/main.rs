mod support;

mod answers;
mod banks;
mod pty;
mod take;
mod visual;
