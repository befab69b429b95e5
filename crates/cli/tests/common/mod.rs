//! Helpers shared by the end-to-end tests of the `natrium` binary (issue 2, item 5; one test
//! file per command or concern): running it, requiring success or a clean failure, reading
//! JSON, the bundled design names, and PNG/SVG checks.

// Each test file compiles its own copy of this module and uses only some of the helpers.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use natrium::materials::bundled_files;
use serde_json::Value;

pub fn natrium(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natrium"))
        .args(args)
        .output()
        .expect("run natrium")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run and require success; returns stdout.
pub fn ok(args: &[&str]) -> String {
    let o = natrium(args);
    assert!(
        o.status.success(),
        "natrium {args:?} failed ({:?}):\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        text(&o.stdout),
        text(&o.stderr)
    );
    assert!(!text(&o.stderr).contains("panicked"), "{}", text(&o.stderr));
    text(&o.stdout)
}

/// Run and require a clean failure; returns stderr.
pub fn fails(args: &[&str]) -> String {
    let o = natrium(args);
    let err = text(&o.stderr);
    assert!(
        !o.status.success(),
        "natrium {args:?} should fail:\n{}",
        text(&o.stdout)
    );
    assert!(
        !err.contains("panicked"),
        "natrium {args:?} panicked:\n{err}"
    );
    assert!(
        err.contains("error"),
        "no error message for {args:?}:\n{err}"
    );
    err
}

pub fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

/// Bundled design names (file stems of data/cells).
pub fn designs() -> Vec<String> {
    bundled_files("cells/")
        .into_iter()
        .map(|p| {
            p.trim_start_matches("cells/")
                .trim_end_matches(".toml")
                .to_string()
        })
        .collect()
}

pub fn is_full_cell(name: &str) -> bool {
    name.starts_with("nvp-")
}

const PNG: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

pub fn assert_png(p: &Path) {
    let b = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    assert!(b.len() > 1000, "{} is {} bytes", p.display(), b.len());
    assert_eq!(b[..8], PNG, "{} is not a PNG", p.display());
}

pub fn assert_svg(p: &Path) {
    let s = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    assert!(s.contains("<svg"), "{} is not an SVG", p.display());
}

pub fn approx_eq(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} vs {b}");
}
