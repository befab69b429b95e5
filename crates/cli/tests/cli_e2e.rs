//! End-to-end tests of the `natrium` binary (issue 2, item 5): every subcommand on the bundled
//! data, its machine-readable outputs (JSON, CSV, PNG, SVG), the files a simulation writes, the
//! examples in `--help`, and clear errors (non-zero exit, no panic) on bad input.

use std::path::Path;
use std::process::{Command, Output};

use natrium::materials::bundled_files;
use serde_json::Value;

fn natrium(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_natrium"))
        .args(args)
        .output()
        .expect("run natrium")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Run and require success; returns stdout.
fn ok(args: &[&str]) -> String {
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
fn fails(args: &[&str]) -> String {
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

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

/// Bundled design names (file stems of data/cells).
fn designs() -> Vec<String> {
    bundled_files("cells/")
        .into_iter()
        .map(|p| {
            p.trim_start_matches("cells/")
                .trim_end_matches(".toml")
                .to_string()
        })
        .collect()
}

fn is_full_cell(name: &str) -> bool {
    name.starts_with("nvp-")
}

const PNG: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

fn assert_png(p: &Path) {
    let b = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    assert!(b.len() > 1000, "{} is {} bytes", p.display(), b.len());
    assert_eq!(b[..8], PNG, "{} is not a PNG", p.display());
}

fn assert_svg(p: &Path) {
    let s = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    assert!(s.contains("<svg"), "{} is not an SVG", p.display());
}

// ---------------------------------------------------------------- materials

#[test]
fn materials_list_show_search_check_table1() {
    let out = ok(&["materials", "list"]);
    assert!(out.contains("nzsp-34") && out.contains("nvp"), "{out}");
    // JSON: every material, each with its id, class and sourced properties
    let v = json(&ok(&["materials", "list", "--json"]));
    let list = v.as_array().expect("array");
    assert!(list.len() >= 130, "{} materials", list.len());
    assert!(list
        .iter()
        .all(|m| m["id"].is_string() && m["class"].is_string()));
    // filters and sort: electrolytes ≥ 1 mS/cm, descending conductivity
    let v = json(&ok(&[
        "materials",
        "list",
        "--class",
        "electrolyte",
        "--where",
        "ionic_conductivity >= 1 mS/cm",
        "--sort",
        "ionic_conductivity",
        "--desc",
        "--json",
    ]));
    let els = v.as_array().unwrap();
    assert!(!els.is_empty());
    let sig: Vec<f64> = els
        .iter()
        .map(|m| {
            m["properties"]["ionic_conductivity"]["si"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert!(sig.iter().all(|s| *s >= 0.1), "{sig:?}"); // 1 mS/cm = 0.1 S/m
    assert!(sig.windows(2).all(|w| w[0] >= w[1]), "not sorted: {sig:?}");
    assert!(els.iter().all(|m| m["class"] == "electrolyte"));

    let out = ok(&["materials", "show", "nzsp-34"]);
    assert!(out.contains("5 mS/cm") && out.contains("ref. 114"), "{out}");
    let m = json(&ok(&["materials", "show", "nzsp-34", "--json"]));
    assert_eq!(m["id"], "nzsp-34");
    approx_eq(
        m["properties"]["ionic_conductivity"]["si"]
            .as_f64()
            .unwrap(),
        0.5,
    );
    // lookup by alias/formula
    let m = json(&ok(&["materials", "show", "Na3V2(PO4)3", "--json"]));
    assert_eq!(m["id"], "nvp");

    let v = json(&ok(&["materials", "search", "zn", "--json"]));
    let hits = v.as_array().unwrap();
    assert!(hits.iter().any(|m| m["id"] == "zn-doping"), "{v}");
    assert!(ok(&["materials", "search", "welding"]).contains("ultrasound-welding"));

    let out = ok(&["materials", "check"]);
    assert!(out.contains("all checks pass"), "{out}");

    let out = ok(&["materials", "table1"]);
    assert!(
        out.contains("Na3Zr2Si2PO12") || out.contains("nzsp"),
        "{out}"
    );
    let v = json(&ok(&["materials", "table1", "--json"]));
    assert_eq!(
        v.as_array().map(|a| a.len()),
        Some(25),
        "Table 1 has 25 rows"
    );
}

fn approx_eq(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} vs {b}");
}

// ---------------------------------------------------------------- cells

#[test]
fn cells_list_and_show_every_bundled_design() {
    let out = ok(&["cells", "list"]);
    let names = designs();
    assert!(names.len() >= 6, "{names:?}");
    for n in &names {
        assert!(out.contains(n.as_str()), "{n} not listed:\n{out}");
        let show = ok(&["cells", "show", n]);
        assert!(show.contains("design is valid"), "{n}:\n{show}");
        let v = json(&ok(&["cells", "show", n, "--json"]));
        assert!(v["type"].is_string() && v["separator"]["thickness_m"].as_f64().unwrap() > 0.0);
    }
    assert!(!out.contains("invalid"), "{out}");
}

#[test]
fn cells_show_json_snapshot() {
    // the resolved anode-free design of review ref. 54 (stable: data + validation only)
    let v = json(&ok(&["cells", "show", "nvp-nzsp-batio3c-al", "--json"]));
    // hand check of the derived loading before the snapshot: 0.5 mAh/cm² at 110 mAh/g
    // → 4.545 mg/cm² of NVP
    approx_eq(
        v["cathode"]["active_loading_kg_per_m2"].as_f64().unwrap(),
        0.5 / 110.0 * 10.0,
    );
    insta::assert_json_snapshot!("cells_show_nvp_nzsp_batio3c_al", v);
}

// ---------------------------------------------------------------- forecast

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

// ---------------------------------------------------------------- simulate

/// A short protocol for each kind of cell.
fn short_protocol(name: &str) -> &'static str {
    if is_full_cell(name) {
        "Charge at C/2 for 20 min; Rest for 5 min; Discharge at C/2 for 10 min"
    } else if name.contains("deposition") {
        // collector | SE | Na: plate on the collector, then strip back to 1 V
        "Plate 0.02 mAh/cm2 at 0.2 mA/cm2; Strip at 0.2 mA/cm2 until 1 V"
    } else {
        "Plate 0.01 mAh/cm2 at 0.1 mA/cm2; Strip 0.01 mAh/cm2 at 0.1 mA/cm2"
    }
}

#[test]
fn simulate_every_bundled_design() {
    let dir = tempfile::tempdir().unwrap();
    for n in designs() {
        let out_dir = dir.path().join(&n);
        let out = ok(&[
            "simulate",
            &n,
            "--protocol",
            short_protocol(&n),
            "--out",
            out_dir.to_str().unwrap(),
        ]);
        assert!(out.contains("sodium inventory conserved"), "{n}:\n{out}");
        // time series with unit-labelled columns
        let ts = std::fs::read_to_string(out_dir.join("timeseries.csv")).unwrap();
        let header = ts.lines().next().unwrap();
        for col in [
            "time [s]",
            "voltage [V]",
            "current [mA]",
            "total sodium [mAh/cm^2]",
        ] {
            assert!(header.contains(col), "{n}: {col} missing from {header}");
        }
        let rows = ts.lines().count() - 1;
        assert!(rows > 5, "{n}: {rows} rows");
        // cycle table
        let cy = std::fs::read_to_string(out_dir.join("cycles.csv")).unwrap();
        assert!(
            cy.lines()
                .next()
                .unwrap()
                .contains("coulombic efficiency [%]"),
            "{n}: {cy}"
        );
        // metadata: citations and every parameter with its basis
        let meta = json(&std::fs::read_to_string(out_dir.join("metadata.json")).unwrap());
        let cites = meta["citations"].as_array().expect("citations");
        assert!(!cites.is_empty(), "{n}: no citations");
        assert!(
            meta.to_string().contains("Skundin"),
            "{n}: the review is not cited"
        );
        let params = meta["cell"]["parameters"].as_array().expect("parameters");
        assert!(params.len() > 5, "{n}: {} parameters", params.len());
        for p in params {
            assert!(p["name"].is_string() && p["value"].is_number(), "{n}: {p}");
            assert!(
                p["basis"].as_str().is_some_and(|b| !b.is_empty()),
                "{n}: parameter without basis {p}"
            );
        }
        assert!(meta["protocol"].as_str().unwrap().contains("at"), "{n}");
        assert!(meta["solver"]["steps"].as_u64().unwrap() > 0, "{n}");
        // plots
        assert_png(&out_dir.join("voltage-time.png"));
        assert_svg(&out_dir.join("voltage-time.svg"));
    }
}

#[test]
fn simulate_writes_parquet_and_json_and_honours_step_ends() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    ok(&[
        "simulate",
        "nvp-nzsp-thin-target",
        "--protocol",
        "Charge at C/2 for 20 min; Discharge at C/2 for 10 min",
        "--out",
        out.to_str().unwrap(),
        "--format",
        "csv,json,parquet",
        "--step-ends",
        "--no-plots",
        "--quiet",
    ]);
    for f in [
        "timeseries.csv",
        "timeseries.json",
        "timeseries.parquet",
        "metadata.json",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert!(
        !out.join("voltage-time.png").exists(),
        "--no-plots drew plots"
    );
    // one row at the start and one at the end of each of the 2 steps
    let ts = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    assert_eq!(ts.lines().count() - 1, 4, "{ts}");
    let j = json(&std::fs::read_to_string(out.join("timeseries.json")).unwrap());
    assert!(j.to_string().contains("voltage [V]"));
    let pq = std::fs::read(out.join("timeseries.parquet")).unwrap();
    assert_eq!(&pq[..4], b"PAR1");
}

#[test]
fn simulate_failure_exits_1_and_keeps_the_results() {
    // overcharge: three times the capacity (see natrium/tests/engine_failure.rs)
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("fail");
    let o = natrium(&[
        "simulate",
        "nvp-nzsp-thin-target",
        "--protocol",
        "Charge at 1C for 3 h",
        "--out",
        out.to_str().unwrap(),
        "--no-plots",
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("the solver failed at t ="), "{err}");
    assert!(err.contains("steps"), "{err}");
    assert!(err.contains("state at failure"), "{err}");
    assert!(
        err.contains("results up to the failure were written"),
        "{err}"
    );
    let ts = std::fs::read_to_string(out.join("timeseries.csv")).unwrap();
    assert!(ts.lines().count() > 10);
    let meta = json(&std::fs::read_to_string(out.join("metadata.json")).unwrap());
    assert!(
        meta["warnings"].to_string().contains("solver failure"),
        "{meta}"
    );
}

#[test]
fn metadata_command_can_be_run_again() {
    // metadata.json records the command with the shell quoting it needs: a protocol with spaces
    // and `;`, and an output directory with a space and a quote, survive a re-run by `sh -c`
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("it's a run");
    let protocol = "Charge at C/2 for 20 min; Rest for 5 min";
    ok(&[
        "simulate",
        "nvp-nzsp-thin-target",
        "--protocol",
        protocol,
        "--out",
        out.to_str().unwrap(),
        "--no-plots",
        "--quiet",
    ]);
    let meta = |dir: &Path| -> Value {
        json(&std::fs::read_to_string(dir.join("metadata.json")).unwrap())
    };
    let first = meta(&out);
    let command = first["command"].as_str().unwrap().to_string();
    assert!(command.contains(&format!("'{protocol}'")), "{command}");
    // run it again after removing the first results: it must write the same run there
    std::fs::remove_dir_all(&out).unwrap();
    let o = Command::new("sh")
        .args(["-c", &command])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "`{command}` failed:\n{}",
        text(&o.stderr)
    );
    let second = meta(&out);
    assert_eq!(second["command"], first["command"]);
    assert_eq!(second["protocol"], first["protocol"]);
}

// ---------------------------------------------------------------- help

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

// ---------------------------------------------------------------- errors

#[test]
fn unknown_design_name() {
    let err = fails(&["cells", "show", "nvp-nzsp-thin-targt"]);
    assert!(err.contains("nvp-nzsp-thin-targt"), "{err}");
    assert!(err.contains("no bundled design"), "{err}");
    // the message lists the bundled names
    assert!(err.contains("nvp-nzsp-thin-target"), "{err}");
    let err = fails(&["forecast", "no-such-cell"]);
    assert!(err.contains("no bundled design"), "{err}");
    let err = fails(&["simulate", "no-such-cell", "--protocol", "first-charge"]);
    assert!(err.contains("no bundled design"), "{err}");
}

#[test]
fn unknown_material_id() {
    let err = fails(&["materials", "show", "nzsp-344"]);
    assert!(err.contains("no material with id \"nzsp-344\""), "{err}");
    assert!(err.contains("did you mean \"nzsp-34\""), "{err}");
    // a cell file naming an unknown material: file, line, field, suggestion
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.toml");
    let text = natrium::materials::bundled_file("cells/nvp-nzsp-thin-target.toml")
        .unwrap()
        .replace("active = \"nvp\"", "active = \"nvpp\"");
    std::fs::write(&f, &text).unwrap();
    let line = text.lines().position(|l| l.contains("\"nvpp\"")).unwrap() + 1;
    let err = fails(&["cells", "show", f.to_str().unwrap()]);
    assert!(err.contains(&format!("bad.toml:{line}")), "{err}");
    assert!(
        err.contains("cathode.active") && err.contains("did you mean"),
        "{err}"
    );
    // an unknown class in a filter
    let err = fails(&["materials", "list", "--class", "electrolytes"]);
    assert!(err.contains("electrolytes"), "{err}");
}

#[test]
fn malformed_protocol_string_points_at_the_column() {
    let dir = tempfile::tempdir().unwrap();
    let err = fails(&[
        "simulate",
        "nvp-nzsp-thin-target",
        "--protocol",
        "Charge at 1C untl 3.8 V",
        "--out",
        dir.path().join("x").to_str().unwrap(),
    ]);
    // "<--protocol>:1:14: unknown word "untl" (did you mean "until"?)" and a caret under it
    assert!(err.contains(":1:14"), "{err}");
    assert!(
        err.contains("untl") && err.contains("did you mean \"until\""),
        "{err}"
    );
    let caret_line = err.lines().find(|l| l.trim() == "^").expect("a caret line");
    assert_eq!(
        caret_line.find('^'),
        Some(13),
        "caret under column 14:\n{err}"
    );
    // nothing was simulated
    assert!(!dir.path().join("x").join("timeseries.csv").exists());
    // a protocol that cannot end
    let err = fails(&[
        "simulate",
        "nvp-nzsp-thin-target",
        "--protocol",
        "Charge at 1C; Rest",
    ]);
    assert!(err.contains("<--protocol>:1:"), "{err}");
}

#[test]
fn bad_units_on_the_command_line() {
    let err = fails(&["forecast", "nvp-nzsp-thin-target", "--ce", "99.9 %%"]);
    assert!(err.contains("--ce"), "{err}");
    assert!(
        err.contains("unknown unit \"%%\"") && err.contains("did you mean \"%\""),
        "{err}"
    );
    let err = fails(&["forecast", "nvp-nzsp-thin-target", "--ce", "99.9 mV"]);
    assert!(
        err.contains("--ce") && err.contains("expected dimensionless"),
        "{err}"
    );
    let err = fails(&["forecast", "nvp-nzsp-thin-target", "--ce", "150 %"]);
    assert!(
        err.contains("--ce") && err.contains("between 0 and 100 %"),
        "{err}"
    );
    let err = fails(&[
        "simulate",
        "nvp-nzsp-thin-target",
        "--min-interval",
        "30 mAh",
        "--no-plots",
    ]);
    assert!(err.contains("--min-interval"), "{err}");
    let err = fails(&[
        "materials",
        "list",
        "--where",
        "ionic_conductivity >= 1 mS/gg",
    ]);
    assert!(err.contains("unknown unit"), "{err}");
}

#[test]
fn where_condition_with_the_wrong_dimension_is_an_error() {
    // Condition::parse says "the dimension is checked against the field when the database is
    // filtered", but Condition keeps only the SI number: 1 mS (a conductance) is compared with
    // conductivities in S/m as if it were 1e-3 S/m, and "ionic_conductivity >= 1 V" is accepted.
    for bad in ["ionic_conductivity >= 1 mS", "ionic_conductivity >= 1 V"] {
        let err = fails(&[
            "materials",
            "list",
            "--class",
            "electrolyte",
            "--where",
            bad,
        ]);
        assert!(
            err.contains("ionic_conductivity") && err.contains("S/"),
            "{err}"
        );
    }
}

#[test]
fn where_condition_names_value_and_expected_unit() {
    let err = fails(&["materials", "list", "--where", "ionic_conductivity >= 1 mS"]);
    assert!(
        err.contains("1 mS is a conductance")
            && err.contains("ionic_conductivity is a conductivity")
            && err.contains("e.g. 1 mS/cm"),
        "{err}"
    );
    let err = fails(&[
        "materials",
        "list",
        "--class",
        "electrolyte",
        "--where",
        "transference_number > 0.9 V",
    ]);
    assert!(
        err.contains("0.9 V is a voltage") && err.contains("dimensionless"),
        "{err}"
    );
}

#[test]
fn where_condition_in_molar_units_is_compared_per_particle() {
    // 30 kJ/mol = 0.3109 eV per particle: both thresholds select the same electrolytes
    let count = |cond: &str| -> String {
        let out = ok(&[
            "materials",
            "list",
            "--class",
            "electrolyte",
            "--where",
            cond,
        ]);
        out.lines().last().unwrap_or_default().to_string()
    };
    let molar = count("activation_energy < 30 kJ/mol");
    assert_eq!(molar, count("activation_energy < 0.3109 eV"));
    assert_ne!(molar, count("activation_energy < 0.0001 eV"));
}

#[test]
fn forecast_of_a_half_cell_is_refused() {
    let err = fails(&["forecast", "na-nzsp-na-welded"]);
    assert!(err.contains("full cell"), "{err}");
}

#[test]
fn every_output_path_exits_quietly_on_a_closed_pipe() {
    // the read end of stdout is closed right after the spawn, before the program has loaded
    // its database, so its first write meets a closed pipe (EPIPE): it must stop quietly
    // with status 0 like `grep … | head` does, not panic (status 101) or report an error
    use std::process::Stdio;
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("table1.csv");
    let csv = csv.to_str().unwrap();
    let sim = out.path().join("sim");
    let sim = sim.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["materials", "list"],
        vec!["materials", "list", "--json"],
        vec!["materials", "show", "nvp"],
        vec!["materials", "show", "nvp", "--json"],
        vec!["materials", "search", "zn"],
        vec!["materials", "search", "zn", "--json"],
        vec!["materials", "check"],
        vec!["materials", "table1"],
        vec!["materials", "table1", "--json"],
        vec!["cells", "list"],
        vec!["cells", "show", "nvp-nzsp-batio3c-al"],
        vec!["cells", "show", "nvp-nzsp-batio3c-al", "--json"],
        vec!["forecast", "nvp-nzsp-thin-target"],
        vec!["forecast", "nvp-nzsp-thin-target", "--json"],
        vec!["forecast", "--table1", "--csv", csv],
        vec!["forecast", "--table1", "--json"],
        vec![
            "simulate",
            "nvp-nzsp-thin-target",
            "--out",
            sim,
            "--no-plots",
        ],
        vec!["--help"],
        vec!["materials", "--help"],
    ];
    for args in &cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_natrium"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = text(&o.stderr);
        assert!(
            o.status.success() && !err.contains("panicked") && !err.contains("error"),
            "natrium {args:?} on a closed pipe: {:?}\n{err}",
            o.status
        );
    }
    // the files asked for are still written
    assert!(Path::new(csv).is_file(), "--csv not written");
    assert!(Path::new(sim).join("metadata.json").is_file());
}

#[test]
fn closed_stdout_is_not_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_natrium"))
        .args(["materials", "list", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // read one byte, then close the pipe like `head -c 1` does
    let mut stdout = child.stdout.take().unwrap();
    let mut b = [0u8; 1];
    let _ = stdout.read(&mut b);
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "status {status:?}:\n{err}");
}
