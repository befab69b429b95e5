//! The `natrium` command line: parse arguments, dispatch to a subcommand, report errors.

mod args;
#[macro_use]
mod out;
mod cmd;
mod signals;
mod table;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = args::Cli::parse();
    match cmd::run(cli).and_then(|code| Ok(out::flush().map(|_| code)?)) {
        Ok(code) => code,
        // the reader closed the pipe (`natrium … | head`): it has what it wanted
        Err(e) if out::is_broken_pipe(&e) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}
