//! Subcommands.

mod bench;
mod ccd;
mod cells;
mod forecast;
mod materials;
mod plots;
mod simulate;

use anyhow::{Context, Result};
use std::process::ExitCode;

use crate::args::{Cli, Command};
use natrium::materials::Database;

/// Run the chosen subcommand.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Materials(m) => materials::run(&cli, m),
        Command::Cells(c) => cells::run(&cli, c),
        Command::Forecast(f) => forecast::run(&cli, f),
        Command::Simulate(s) => simulate::run(&cli, s),
        Command::Ccd(c) => ccd::run(&cli, c),
        Command::Bench(b) => bench::run(&cli, b),
    }
}

/// The bundled database, with a user directory merged over it when given.
pub fn database(cli: &Cli) -> Result<Database> {
    let mut db = Database::bundled().context("the bundled materials database does not load")?;
    if let Some(dir) = &cli.materials {
        let user = Database::load_dir(dir)
            .with_context(|| format!("materials directory {}", dir.display()))?;
        db.merge(user);
    }
    Ok(db)
}

/// Load a cell design from a path, or a bundled design by name ("nvp-nzsp-batio3c-al").
pub fn load_cell(arg: &str, db: &Database) -> Result<natrium::cell::CellSpec> {
    let (shown, text) = cell_text(arg)?;
    parse_cell(&shown, &text, db)
}

/// Apply `--model KEY=VALUE` options to a design.
pub fn set_model_options(cell: &mut natrium::cell::CellSpec, options: &[String]) -> Result<()> {
    for o in options {
        cell.set_model_option(o)?;
    }
    Ok(())
}

/// What the model was built from, for error context: "building the model" plus the
/// command-line `--model` options, whose values the design file does not show.
pub fn building_context(options: &[String]) -> String {
    if options.is_empty() {
        "building the model".to_string()
    } else {
        format!(
            "building the model with --model {}",
            options.join(" --model ")
        )
    }
}

/// Parse a cell design's text (warnings go to stderr).
pub fn parse_cell(
    shown: &std::path::Path,
    text: &str,
    db: &Database,
) -> Result<natrium::cell::CellSpec> {
    let cell = natrium::cell::parse_cell(shown, text, db)?;
    for w in &cell.warnings {
        eprintln!("warning: {w}");
    }
    Ok(cell)
}

/// The text of a cell design given as a path or a bundled name, with the path to show.
pub fn cell_text(arg: &str) -> Result<(std::path::PathBuf, String)> {
    let path = std::path::Path::new(arg);
    if path.exists() {
        return Ok((path.to_path_buf(), natrium::error::read_text(path)?));
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let rel = format!("cells/{stem}.toml");
    match natrium::materials::bundled_file(&rel) {
        Some(t) => Ok((std::path::PathBuf::from("data").join(&rel), t.to_string())),
        None => {
            let names: Vec<String> = natrium::materials::bundled_files("cells/")
                .iter()
                .map(|p| {
                    p.trim_start_matches("cells/")
                        .trim_end_matches(".toml")
                        .to_string()
                })
                .collect();
            anyhow::bail!(
                "{arg}: no such file, and no bundled design of that name (bundled: {})",
                names.join(", ")
            );
        }
    }
}

/// A protocol from a file, a bundled name, or inline text.
pub fn load_protocol(arg: &str) -> Result<natrium::protocol::Protocol> {
    use natrium::protocol::Protocol;
    let path = std::path::Path::new(arg);
    if path.is_file() {
        return Ok(Protocol::load(path)?);
    }
    if looks_like_path(arg) && !arg.contains(' ') {
        anyhow::bail!(
            "--protocol {arg}: no such file (a bundled protocol is named without a directory or \
             .txt, e.g. first-charge; inline protocol text has spaces, e.g. \"Charge at C/2 until 3.8 V\")"
        );
    }
    let looks_like_name = !arg.contains(' ') && !arg.contains(';');
    if looks_like_name {
        return Ok(Protocol::bundled(arg)?);
    }
    Ok(Protocol::parse(arg, "<--protocol>")?)
}

/// Whether a command-line argument names a file rather than a bundled item or inline text.
fn looks_like_path(arg: &str) -> bool {
    arg.contains('/') || arg.contains('\\') || arg.ends_with(".toml") || arg.ends_with(".txt")
}

/// `--rtol`: a relative tolerance from 1e-10 to 1e-2.
pub fn parse_rtol(s: &str) -> Result<f64, String> {
    tolerance(s, 1e-10, 1e-2, "relative tolerance")
}

/// `--atol`: an absolute tolerance (in units of each state's scale) from 1e-12 to 1e-2.
pub fn parse_atol(s: &str) -> Result<f64, String> {
    tolerance(s, 1e-12, 1e-2, "absolute tolerance")
}

fn tolerance(s: &str, lo: f64, hi: f64, what: &str) -> Result<f64, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("expected a number such as 1e-6, got {s:?}"))?;
    if !(lo..=hi).contains(&v) {
        return Err(format!(
            "the {what} must lie from {lo:e} to {hi:e} (tighter cannot be met in double \
             precision, looser gives meaningless results), got {s}"
        ));
    }
    Ok(v)
}
