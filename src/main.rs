use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match securebase::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(securebase::report_parse_error(&e)),
    };
    match securebase::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if !securebase::is_silent(&err) {
                let msg = securebase::sanitize(&format!("{err:#}"));
                securebase::note(&format!("securebase: error: {msg}"));
            }
            ExitCode::from(securebase::exit_code(&err))
        }
    }
}
