use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // `COMPLETE=<shell> securebase -- …` (what the shell runs at each Tab)
    // prints completions and exits; otherwise this does nothing.
    clap_complete::CompleteEnv::with_factory(|| {
        <securebase::Cli as clap::CommandFactory>::command()
    })
    .complete();
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
