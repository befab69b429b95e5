//! `natrium forecast` through the binary: every full cell and Table 1, with JSON, CSV and
//! plots, and the rounding of the terminal table.

mod common;

use common::{assert_png, assert_svg, designs, is_full_cell, json, ok};

#[test]
fn forecast_every_full_cell_with_json_csv_and_plots() {
    let dir = tempfile::tempdir().unwrap();
    for n in designs().iter().filter(|n| is_full_cell(n)) {
        let out = ok(&["forecast", n]);
        assert!(
            out.contains("stack specific energy") && out.contains("Wh/kg"),
            "{out}"
        );
        let v = json(&ok(&["forecast", n, "--json"]));
        let cells = v["cells"].as_array().unwrap();
        // the design plus its Na-metal, Na-ion and Li comparisons
        assert!(cells.len() >= 3, "{n}: {} cells", cells.len());
        for c in cells {
            let e = c["metrics"]["stack specific energy [Wh/kg]"]
                .as_f64()
                .unwrap();
            // (the ref. 54 lab cell with a 500 µm pellet and 0.5 mAh/cm² gives only ~11 Wh/kg)
            assert!((5.0..500.0).contains(&e), "{n}: {e} Wh/kg");
        }
        let csv = dir.path().join(format!("{n}.csv"));
        let stem = dir.path().join(n.as_str());
        ok(&[
            "forecast",
            n,
            "--csv",
            csv.to_str().unwrap(),
            "--plot",
            stem.to_str().unwrap(),
        ]);
        let body = std::fs::read_to_string(&csv).unwrap();
        let header = body.lines().next().unwrap();
        for col in [
            "stack specific energy [Wh/kg]",
            "stack energy density [Wh/L]",
            "first-discharge areal capacity [mAh/cm^2]",
            "metal plated per charge [um]",
        ] {
            assert!(header.contains(col), "{n}: {col} missing from {header}");
        }
        assert_eq!(body.lines().count(), cells.len() + 1);
        assert_png(&stem.with_extension("png"));
        assert_svg(&stem.with_extension("svg"));
    }
    // the thin target stack: 167.2 Wh/kg and 445.7 Wh/L (see natrium/tests/forecast_worked.rs)
    let v = json(&ok(&["forecast", "nvp-nzsp-thin-target", "--json"]));
    let m = &v["cells"][0]["metrics"];
    assert!((m["stack specific energy [Wh/kg]"].as_f64().unwrap() - 167.2).abs() < 0.2);
    assert!((m["stack energy density [Wh/L]"].as_f64().unwrap() - 445.7).abs() < 0.5);
    // --ce changes the cycle life: 99.95 % → 1 + ln 0.8/ln 0.9995 = 447.2 cycles
    let v = json(&ok(&[
        "forecast",
        "nvp-nzsp-thin-target",
        "--ce",
        "99.95 %",
        "--json",
    ]));
    let n = v["cells"][0]["metrics"]["cycles to 80 % capacity"]
        .as_f64()
        .unwrap();
    assert!(
        (n - (1.0 + 0.8f64.ln() / 0.9995f64.ln())).abs() < 1e-6,
        "{n}"
    );
}

#[test]
fn forecast_table1_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("table1.csv");
    let stem = dir.path().join("table1");
    let out = ok(&[
        "forecast",
        "--table1",
        "--csv",
        csv.to_str().unwrap(),
        "--plot",
        stem.to_str().unwrap(),
    ]);
    assert!(out.contains("standard stack"), "{out}");
    let body = std::fs::read_to_string(&csv).unwrap();
    let mut lines = body.lines();
    let header = lines.next().unwrap();
    for col in [
        "row",
        "areal capacity [mAh/cm^2]",
        "stack specific energy [Wh/kg]",
        "stack energy density [Wh/L]",
        "plated Na [um]",
    ] {
        assert!(header.contains(col), "{col} missing from {header}");
    }
    assert_eq!(lines.count(), 25, "one line per Table 1 row");
    assert_png(&stem.with_extension("png"));
    assert_svg(&stem.with_extension("svg"));
    let v = json(&ok(&["forecast", "--table1", "--json"]));
    assert_eq!(v["rows"].as_array().unwrap().len(), 25);
}

#[test]
fn forecast_table1_terminal_numbers_are_rounded() {
    // the terminal table shows 4 significant digits, so no number wraps over lines
    // ("1.899999 99999999 97"); CSV and JSON keep full precision
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("table1.csv");
    let out = ok(&["forecast", "--table1", "--csv", csv.to_str().unwrap()]);
    let row1 = out
        .lines()
        .find(|l| l.contains(" nmhcf "))
        .unwrap_or_else(|| panic!("no row 1 line:\n{out}"));
    // row 1: 1.9 mAh/cm² (0.95 × 2), 17.72 um of plated Na
    assert!(
        row1.contains(" 1.900 ") && row1.contains(" 17.72 "),
        "{row1}"
    );
    for tok in out.split(|c: char| c.is_whitespace() || c == '│') {
        if tok.parse::<f64>().is_ok() {
            let digits = tok.chars().filter(char::is_ascii_digit).count();
            assert!(digits <= 6, "unrounded number {tok} in the table:\n{out}");
        }
    }
    // full precision in the files: every number is written as the shortest text that reads
    // back to the same f64, not rounded for display
    let full = |t: &str| {
        let x: f64 = t.parse().unwrap_or_else(|_| panic!("{t} is not a number"));
        assert!((x - 1.9).abs() < 1e-12, "{t}");
        assert_eq!(format!("{x}"), t, "not written at full precision");
    };
    let body = std::fs::read_to_string(&csv).unwrap();
    let header: Vec<&str> = body.lines().next().unwrap().split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "areal capacity [mAh/cm^2]")
        .unwrap();
    full(body.lines().nth(1).unwrap().split(',').nth(col).unwrap());
    let v = json(&ok(&["forecast", "--table1", "--json"]));
    full(v["rows"][0]["areal capacity [mAh/cm^2]"].as_str().unwrap());
}
