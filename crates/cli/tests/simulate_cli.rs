//! `natrium simulate` through the binary: every bundled design, the files a run writes
//! (CSV, JSON, Parquet, metadata, plots), a solver failure, and re-running the recorded command.

mod common;

use std::path::Path;
use std::process::Command;

use common::{assert_png, assert_svg, designs, is_full_cell, json, natrium, ok, text};
use serde_json::Value;

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
        let args = [
            "simulate",
            &n,
            "--protocol",
            short_protocol(&n),
            "--out",
            out_dir.to_str().unwrap(),
        ];
        let out = ok(&args);
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

/// `--model` sets a design's [model] option for one run: the single-particle limit replaces the
/// P2D cathode (fewer states), the metadata says which submodel ran and keeps the command.
#[test]
fn model_options_on_the_command_line_choose_the_submodels() {
    let dir = tempfile::tempdir().unwrap();
    let run = |name: &str, extra: &[&str]| -> Value {
        let out = dir.path().join(name);
        let args = [
            &[
                "simulate",
                "nvp-nzsp-thin-target",
                "-p",
                "Charge at C/2 for 10 min",
                "--no-plots",
                "-q",
                "--out",
                out.to_str().unwrap(),
            ][..],
            extra,
        ]
        .concat();
        ok(&args);
        json(&std::fs::read_to_string(out.join("metadata.json")).unwrap())
    };
    let p2d = run("p2d", &[]);
    let spm = run(
        "spm",
        &["--model", "cathode=spm", "--model", "particle_shells=12"],
    );
    assert_eq!(p2d["submodels"]["cathode/composite"], "p2d");
    assert_eq!(spm["submodels"]["cathode/composite"], "single-particle");
    assert!(
        spm["command"]
            .as_str()
            .unwrap()
            .contains("--model cathode=spm"),
        "{}",
        spm["command"]
    );
    let states = |m: &Value| m["solver"]["states"].as_u64().unwrap();
    // single particle of 12 shells: far fewer states than 10 nodes × 10 shells
    assert!(
        states(&spm) < states(&p2d) / 3,
        "{} vs {}",
        states(&spm),
        states(&p2d)
    );
}
