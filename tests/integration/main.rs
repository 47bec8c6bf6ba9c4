mod placeholder {}
mod visual;
