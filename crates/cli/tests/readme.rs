//! The README's front door holds: its synopsis names every command and every flag `ann`
//! takes, it stays short, and `.ci/run` runs its test command as written.
mod common;

use common::{ann, root, stdout};

/// The README's synopsis: the fenced block whose lines start with `ann train`, by command.
fn synopsis() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme.split("```").find(|b| b.lines().any(|l| l.starts_with("ann train "))).expect("a synopsis block");
    let mut commands: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        if let Some(rest) = line.strip_prefix("ann ") {
            let name = rest.split_whitespace().next().unwrap().to_string();
            commands.push((name, rest.to_string()));
        } else if line.starts_with(' ') {
            commands.last_mut().expect("a continuation after a command").1.push_str(line);
        }
    }
    commands
}

/// The subcommands `ann --help` lists.
fn commands() -> Vec<String> {
    let help = stdout(&ann(&["--help"]));
    let list = help.split("Commands:").nth(1).unwrap().split("Options:").next().unwrap();
    list.lines().filter_map(|l| l.split_whitespace().next()).filter(|c| *c != "help").map(str::to_string).collect()
}

/// The long flags `ann COMMAND --help` lists.
fn flags(command: &str) -> Vec<String> {
    let help = stdout(&ann(&[command, "--help"]));
    let mut flags: Vec<String> = help
        .split_whitespace()
        .filter(|w| w.starts_with("--"))
        .map(|w| w.trim_end_matches([',', '.', ']', ')', ':']).split(['=', '[', '<']).next().unwrap().to_string())
        .filter(|f| f.len() > 2 && f != "--help" && f != "--version")
        .collect();
    flags.sort();
    flags.dedup();
    flags
}

#[test]
fn the_synopsis_names_every_command_and_every_flag() {
    let synopsis = synopsis();
    let listed: Vec<&str> = synopsis.iter().map(|(name, _)| name.as_str()).collect();
    let mut missing = Vec::new();
    for command in commands() {
        let Some((_, line)) = synopsis.iter().find(|(name, _)| *name == command) else {
            missing.push(format!("ann {command} (the synopsis lists {listed:?})"));
            continue;
        };
        for flag in flags(&command) {
            if !line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).any(|w| w == flag) {
                missing.push(format!("ann {command} {flag}"));
            }
        }
    }
    assert!(missing.is_empty(), "the README's synopsis lacks: {missing:#?}");
}

#[test]
fn the_readme_stays_short_and_ci_runs_its_test_command_as_written() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let lines = readme.lines().count();
    assert!(lines <= 300, "README.md has {lines} lines; keep it at most 300 and move detail into docs/");
    let command = readme
        .lines()
        .find(|l| l.contains("cargo test") && l.contains("# the test suite"))
        .expect("the README gives its test command")
        .split('#')
        .next()
        .unwrap()
        .trim();
    let ci = std::fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(ci.lines().any(|l| l.trim() == command), ".ci/run does not run `{command}` as written");
}
