use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match securebase::app::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(securebase::app::report_parse_error(&e)),
    };
    match securebase::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if !securebase::is_silent(&err) {
                let msg = securebase::ui::term::sanitize(&format!("{err:#}"));
                securebase::ui::term::note(&format!("securebase: error: {msg}"));
            }
            ExitCode::from(securebase::exit_code(&err))
        }
    }
}
