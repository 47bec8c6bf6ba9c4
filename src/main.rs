use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = securebase::Cli::parse();
    match securebase::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if !securebase::is_silent(&err) {
                let msg = securebase::sanitize(&format!("{err:#}"));
                anstream::eprintln!("securebase: error: {msg}");
            }
            ExitCode::from(securebase::exit_code(&err))
        }
    }
}
