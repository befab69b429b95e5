//! Standard output that does not panic on a closed pipe.
//!
//! `println!` panics when stdout is gone (`natrium materials list --json | head -1`). Every line
//! of the CLI's output goes through [`outln!`] instead, which returns the write error; `main`
//! turns a broken pipe into a quiet, successful exit — the reader has all it wanted.

use std::io::Write;

/// `println!` that returns `anyhow::Result<()>` instead of panicking.
macro_rules! outln {
    () => {
        $crate::out::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::out::line(format_args!($($arg)*))
    };
}

/// Write one line to stdout.
pub fn line(args: std::fmt::Arguments) -> anyhow::Result<()> {
    let mut o = std::io::stdout().lock();
    o.write_fmt(args)?;
    o.write_all(b"\n")?;
    Ok(())
}

/// Flush stdout (at the end of a run), so that a closed pipe is seen as an error here.
pub fn flush() -> std::io::Result<()> {
    std::io::stdout().lock().flush()
}

/// Whether an error is (caused by) writing to a closed pipe.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The command line of this process as a POSIX shell would need it typed to run it again:
/// arguments with spaces or shell metacharacters in single quotes (`'` written as `'\''`).
pub fn command_line() -> String {
    std::env::args_os()
        .map(|a| shell_quote(&a.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One argument quoted for a POSIX shell; left bare when it has only safe characters.
pub fn shell_quote(arg: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-+=/.,:@%".contains(c);
    if !arg.is_empty() && arg.chars().all(safe) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}
