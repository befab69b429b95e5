//! `--help` through the binary: every subcommand shows an example, and the examples of the top
//! level and the groups run as written.

mod common;

use std::process::Command;

use common::{ok, text};

#[test]
fn every_subcommand_help_shows_an_example() {
    for path in [
        vec!["materials", "list"],
        vec!["materials", "show"],
        vec!["materials", "search"],
        vec!["materials", "check"],
        vec!["materials", "table1"],
        vec!["cells", "list"],
        vec!["cells", "show"],
        vec!["forecast"],
        vec!["simulate"],
        vec!["bench"],
    ] {
        let mut args = path.clone();
        args.push("--help");
        let out = ok(&args);
        // an example is a line, other than the usage line, with the command as typed
        let cmd = format!("natrium {}", path.join(" "));
        let has_example = out
            .lines()
            .filter(|l| !l.trim_start().starts_with("Usage:"))
            .any(|l| l.contains(&cmd));
        assert!(
            has_example && (out.contains("Example") || out.contains("natrium ")),
            "`{cmd} --help` shows no example:\n{out}"
        );
    }
    // the top level and the groups show examples of their own
    for group in [vec![], vec!["materials"], vec!["cells"]] {
        let mut args = group.clone();
        args.push("--help");
        let out = ok(&args);
        let examples = help_examples(&out);
        assert!(
            out.contains("Examples:") && examples.len() >= 3,
            "`natrium {}` shows no examples:\n{out}",
            args.join(" ")
        );
        for e in &examples {
            assert!(
                e[1..].starts_with(&group.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
                "example `{}` is not a `natrium {}` command",
                e.join(" "),
                group.join(" ")
            );
        }
        // -h shows them too
        let mut short = group.clone();
        short.push("-h");
        assert!(ok(&short).contains("Examples:"));
    }
    // groups list their subcommands
    let out = ok(&["materials", "--help"]);
    for s in ["list", "show", "search", "check", "table1"] {
        assert!(out.contains(s), "{out}");
    }
    let out = ok(&["--help"]);
    for s in ["materials", "cells", "forecast", "simulate", "bench"] {
        assert!(out.contains(s), "{out}");
    }
}

/// The example command lines of a help text (lines that start with `natrium `), split into
/// arguments as a shell would (double quotes group, backslash escapes a quote).
fn help_examples(help: &str) -> Vec<Vec<String>> {
    help.lines()
        .map(str::trim)
        .filter(|l| l.starts_with("natrium ") && !l.ends_with("--help"))
        .map(|l| {
            let mut args = Vec::new();
            let mut cur = String::new();
            let (mut quoted, mut any) = (false, false);
            let mut chars = l.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => cur.extend(chars.next()),
                    '"' => {
                        quoted = !quoted;
                        any = true;
                    }
                    ' ' if !quoted => {
                        if any || !cur.is_empty() {
                            args.push(std::mem::take(&mut cur));
                        }
                        any = false;
                    }
                    c => cur.push(c),
                }
            }
            assert!(!quoted, "unbalanced quotes in the example `{l}`");
            if any || !cur.is_empty() {
                args.push(cur);
            }
            args
        })
        .collect()
}

#[test]
fn top_level_and_group_help_examples_run() {
    // every example of `natrium --help`, `natrium materials --help` and `natrium cells --help`
    // runs as written (from an empty directory: bundled designs are found by name, outputs go
    // below it)
    let dir = tempfile::tempdir().unwrap();
    for group in [vec![], vec!["materials"], vec!["cells"]] {
        let mut args = group.clone();
        args.push("--help");
        for e in help_examples(&ok(&args)) {
            assert_eq!(e[0], "natrium");
            let o = Command::new(env!("CARGO_BIN_EXE_natrium"))
                .args(&e[1..])
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "the help example `{}` fails:\n{}",
                e.join(" "),
                text(&o.stderr)
            );
        }
    }
    assert!(dir.path().join("out/table1.csv").is_file());
    assert!(dir.path().join("out/first/metadata.json").is_file());
}
