//! Shell completion from the binary itself (`clap_complete`'s dynamic
//! completion, `CompleteEnv`): the shell asks `securebase` for candidates
//! each time, so bank ids, `explain` topics and history ids are always the
//! current ones, user banks and kept results included. `securebase
//! completions <shell>` prints the few lines that register this with the
//! shell. This runs in its own process at each Tab, so it reads the data
//! directory itself.

use clap_complete::engine::CompletionCandidate;

use crate::bank::Catalog;

fn data_dir() -> Option<std::path::PathBuf> {
    match std::env::var_os("SECUREBASE_DATA_DIR").filter(|d| !d.is_empty()) {
        Some(d) => Some(d.into()),
        None => {
            directories::ProjectDirs::from("", "", "securebase").map(|p| p.data_dir().to_path_buf())
        }
    }
}

/// Questionnaire ids (built-in and the user's), each with its title.
pub fn bank_ids() -> Vec<CompletionCandidate> {
    let dir = data_dir();
    let (banks, _) = Catalog::new(dir.as_deref()).all_lenient();
    banks
        .into_iter()
        .map(|l| CompletionCandidate::new(l.bank.id).help(Some(l.bank.title.into())))
        .collect()
}

/// The topics `securebase explain` knows.
pub fn topics() -> Vec<CompletionCandidate> {
    super::explain::TOPICS
        .split(", ")
        .map(CompletionCandidate::new)
        .collect()
}

/// The ids of kept results, each with its questionnaire.
pub fn history_ids() -> Vec<CompletionCandidate> {
    let Ok(dir) = crate::store::history::dir(data_dir().as_deref()) else {
        return Vec::new();
    };
    crate::store::history::list_in(&dir)
        .map(|l| {
            l.entries
                .into_iter()
                .map(|e| CompletionCandidate::new(e.id).help(Some(e.scored.bank.id.into())))
                .collect()
        })
        .unwrap_or_default()
}

/// The lines that make `shell` ask `securebase` for completions.
pub fn registration(shell: clap_complete::Shell) -> std::io::Result<String> {
    let name = match shell {
        clap_complete::Shell::Bash => "bash",
        clap_complete::Shell::Elvish => "elvish",
        clap_complete::Shell::Fish => "fish",
        clap_complete::Shell::PowerShell => "powershell",
        _ => "zsh",
    };
    let shells = clap_complete::env::Shells::builtins();
    let completer = shells
        .completer(name)
        .ok_or_else(|| std::io::Error::other(format!("no completion for {name}")))?;
    let mut buf = Vec::new();
    completer.write_registration(
        "COMPLETE",
        "securebase",
        "securebase",
        "securebase",
        &mut buf,
    )?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}
