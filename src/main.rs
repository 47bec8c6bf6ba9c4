use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // `COMPLETE=<shell> securebase -- …` (what the shell runs at each Tab)
    // prints completions and exits; otherwise this does nothing.
    clap_complete::CompleteEnv::with_factory(|| {
        <securebase::Cli as clap::CommandFactory>::command()
    })
    .complete();
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
