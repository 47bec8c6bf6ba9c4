//! `securebase man`: one man page from the command definition, with the
//! sections a man page reader looks for (NAME, SYNOPSIS, DESCRIPTION,
//! OPTIONS, COMMANDS with each command's options, EXIT STATUS, ENVIRONMENT,
//! FILES, EXAMPLES). The exit status, environment and example lists are
//! read from the same text `--help` prints, so the two never disagree; no
//! page refers to `securebase-<command>(1)` pages that do not exist.

use std::fmt::Write as _;

use clap::Command;

/// Escapes text for roff: backslashes, and a leading `.` or `'` that would
/// be read as a request; `-` as a real minus (for flags).
fn esc(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

/// The help text's `Heading:` blocks, as (heading, lines).
fn sections(text: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            out.push((line.trim_end_matches(':').to_string(), Vec::new()));
        } else if let Some((_, lines)) = out.last_mut() {
            lines.push(line.to_string());
        }
    }
    out
}

/// `  term   text` lines (a line indented deeper continues the text; one
/// with only a term has its text on the next lines) as (term, text).
fn entries(lines: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for l in lines.iter().filter(|l| !l.trim().is_empty()) {
        let indent = l.len() - l.trim_start().len();
        if indent > 4 {
            if let Some((_, text)) = out.last_mut() {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(l.trim());
            }
            continue;
        }
        let t = l.trim();
        match t.find("  ") {
            Some(i) => out.push((t[..i].to_string(), t[i..].trim().to_string())),
            None => out.push((t.to_string(), String::new())),
        }
    }
    out
}

/// The options of `cmd`; `global` ones only at the top (each command
/// accepts them too).
fn options(s: &mut String, cmd: &Command, with_global: bool) {
    for a in cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set() && (with_global || !a.is_global_set()))
    {
        let values: Vec<String> = a
            .get_value_names()
            .map(|v| v.iter().map(ToString::to_string).collect())
            .unwrap_or_default();
        let name = match (a.get_long(), a.get_short()) {
            _ if a.is_positional() => format!("\\fI{}\\fR", esc(&values.join(" "))),
            (Some(l), Some(c)) => format!("\\fB\\-{c}\\fR, \\fB\\-\\-{}\\fR", esc(l)),
            (Some(l), None) => format!("\\fB\\-\\-{}\\fR", esc(l)),
            (None, Some(c)) => format!("\\fB\\-{c}\\fR"),
            (None, None) => continue,
        };
        let takes_value = !a.is_positional()
            && a.get_num_args().is_some_and(|n| n.takes_values())
            && !values.is_empty();
        let value = if takes_value {
            format!(" \\fI{}\\fR", esc(&values.join(" ")))
        } else {
            String::new()
        };
        let help = a
            .get_long_help()
            .or(a.get_help())
            .map(ToString::to_string)
            .unwrap_or_default();
        let possible: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|p| !p.is_hide_set())
            .map(|p| p.get_name().to_string())
            .collect();
        let _ = writeln!(s, ".TP\n{name}{value}\n{}", esc(&help));
        if !possible.is_empty() && a.get_long() != Some("help") {
            let _ = writeln!(s, ".br\nValues: {}.", esc(&possible.join(", ")));
        }
    }
}

/// The examples of an "Examples" section of a help text, as a no-fill
/// block (up to its first blank line).
fn examples_block(s: &mut String, text: &str) {
    for (heading, lines) in sections(text) {
        if heading == "Examples" {
            let _ = writeln!(s, ".PP\n.nf");
            // The block ends at its first blank line after an example.
            let block = lines
                .iter()
                .skip_while(|l| l.trim().is_empty())
                .take_while(|l| !l.trim().is_empty());
            for l in block {
                let _ = writeln!(s, "{}", esc(l));
            }
            let _ = writeln!(s, ".fi");
        }
    }
}

/// The man page (roff) for the command line `cmd`: the top-level
/// sections, a subsection per command, exit status and environment from the
/// help's epilog, the files, and every example.
pub fn page(mut cmd: Command) -> String {
    cmd.build();
    let name = cmd.get_name().to_string();
    let version = cmd.get_version().unwrap_or_default().to_string();
    let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
    let epilog = cmd
        .get_after_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    let mut s = String::new();
    let _ = writeln!(s, ".TH {} 1 \"\" \"{name} {version}\"", name.to_uppercase());
    let _ = writeln!(
        s,
        ".SH NAME\n{name} \\- {}",
        esc(about.lines().next().unwrap_or(""))
    );
    let _ = writeln!(
        s,
        ".SH SYNOPSIS\n\\fB{name}\\fR [\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]"
    );
    let _ = writeln!(s, ".SH DESCRIPTION\n{}", esc(&about));
    let _ = writeln!(s, ".PP\n{}", esc(epilog.lines().last().unwrap_or_default()));
    let _ = writeln!(s, ".SH OPTIONS");
    options(&mut s, &cmd, true);
    let _ = writeln!(s, ".SH COMMANDS");
    for sub in cmd
        .get_subcommands()
        .filter(|c| !c.is_hide_set() && c.get_name() != "help")
    {
        command(&mut s, &name, sub);
    }
    epilog_sections(&mut s, &epilog);
    files(&mut s);
    let _ = writeln!(s, ".SH EXAMPLES");
    examples_block(&mut s, &epilog);
    for sub in cmd.get_subcommands() {
        if let Some(after) = sub.get_after_help() {
            examples_block(&mut s, &after.to_string());
        }
    }
    s
}

/// A command's subsection: its usage line, its long help a paragraph at a
/// time, its options and its examples.
fn command(s: &mut String, name: &str, sub: &Command) {
    let _ = writeln!(
        s,
        ".SS \"{name} {} [OPTIONS] {}\"",
        sub.get_name(),
        esc(&positionals(sub).join(" "))
    );
    let text = sub
        .get_long_about()
        .or(sub.get_about())
        .map(ToString::to_string)
        .unwrap_or_default();
    for para in text.split("\n\n") {
        let _ = writeln!(s, ".PP\n{}", esc(para));
    }
    options(s, sub, false);
    if let Some(after) = sub.get_after_help() {
        examples_block(s, &after.to_string());
    }
}

/// A command's positional arguments for its usage line: `NAME`, or
/// `[NAME]` when optional.
fn positionals(sub: &Command) -> Vec<String> {
    sub.get_arguments()
        .filter(|a| a.is_positional())
        .map(|a| {
            let v = a.get_value_names().map_or_else(
                || a.get_id().to_string().to_uppercase(),
                |v| {
                    v.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" ")
                },
            );
            if a.is_required_set() {
                v
            } else {
                format!("[{v}]")
            }
        })
        .collect()
}

/// EXIT STATUS and ENVIRONMENT, from the same sections of the help's
/// epilog (one list, so the man page and `--help` agree).
fn epilog_sections(s: &mut String, epilog: &str) {
    for (heading, lines) in sections(epilog) {
        let title = match heading.as_str() {
            "Exit status" => "EXIT STATUS",
            "Environment" => "ENVIRONMENT",
            _ => continue,
        };
        let _ = writeln!(s, ".SH {title}");
        for (term, text) in entries(&lines) {
            let _ = writeln!(s, ".TP\n\\fB{}\\fR\n{}", esc(&term), esc(&text));
        }
    }
}

/// FILES: the data folder and what is kept in it.
fn files(s: &mut String) {
    let _ = writeln!(
        s,
        ".SH FILES\n.TP\n\\fI$SECUREBASE_DATA_DIR\\fR (default \\fI~/.local/share/securebase\\fR)\n\
         The data folder; nothing is written there unless a command says so.\n\
         .TP\n\\fIprogress/<bank>\\-<time>.json\\fR\nAn unfinished \\fBtake\\fR, saved after every \
         answer (owner\\-only); deleted when the session ends. \\fBtake \\-\\-discard\\fR deletes them.\n\
         .TP\n\\fIhistory/<time>\\-<bank>.json\\fR\nResults you chose to keep (owner\\-only); \
         \\fBhistory\\fR lists them.\n\
         .TP\n\\fIquestionnaires/*.json\\fR\nYour own questionnaires (banks), listed beside the built\\-in ones."
    );
}
