//! Subcommands.

mod materials;

use anyhow::{Context, Result};
use std::process::ExitCode;

use crate::args::{Cli, Command};
use natrium::materials::Database;

/// Run the chosen subcommand.
pub fn run(cli: Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Materials(m) => materials::run(&cli, m),
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
