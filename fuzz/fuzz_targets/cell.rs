//! Fuzz the cell-design reader (TOML, units, materials, ranges, `[model]` options): any text is
//! either a design or input errors, never a panic; every error names its file and, when it has
//! one, a line inside the text, and stays short.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use natrium::cell::parse_cell;
use natrium::materials::Database;

fn db() -> &'static Database {
    static DB: OnceLock<Database> = OnceLock::new();
    DB.get_or_init(|| Database::bundled().expect("the bundled database loads"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match parse_cell(Path::new("fuzz.toml"), s, db()) {
        Ok(cell) => {
            assert!(cell.area > 0.0 && cell.temperature > 0.0);
        }
        Err(errs) => {
            let lines = s.lines().count().max(1);
            for e in &errs.0 {
                assert_eq!(e.file, Path::new("fuzz.toml"));
                if let Some(l) = e.line {
                    assert!(l >= 1 && l <= lines + 1, "line {l} of {lines}");
                }
                assert!(e.to_string().len() < 4096, "message of {} bytes", e.to_string().len());
            }
        }
    }
});
