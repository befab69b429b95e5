//! `natrium ccd` through the binary: clear errors for bad input, JSON and files for good input.

mod common;

use std::path::PathBuf;
use std::process::Output;

use common::natrium;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Fails with exit status 2 and an error message containing every one of `needles`.
fn fails_with(args: &[&str], needles: &[&str]) {
    let o = natrium(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: {n:?} not in: {err}");
    }
}

#[test]
fn a_quantity_in_the_wrong_unit_names_flag_value_and_unit() {
    fails_with(
        &["ccd", "na-nzsp-na-welded", "--start", "0.05mA"],
        &["--start", "0.05mA", "current density", "0.05 mA/cm2"],
    );
    fails_with(
        &["ccd", "na-nzsp-na-welded", "--dwell", "0.1mAh/cm2"],
        &["--dwell", "0.1mAh/cm2", "time", "30 min"],
    );
    fails_with(
        &["ccd", "na-nzsp-na-welded", "--voltage-limit", "1"],
        &["--voltage-limit", "has no unit", "1 V"],
    );
    fails_with(
        &["ccd", "na-nzsp-na-welded", "--step", "fast"],
        &["--step", "fast", "x1.5"],
    );
}

#[test]
fn inconsistent_or_unknown_settings_are_explained() {
    fails_with(
        &["ccd", "na-nzsp-na-welded", "--direction", "sideways"],
        &["--direction", "sideways", "plating", "stripping"],
    );
    fails_with(
        &[
            "ccd",
            "na-nzsp-na-welded",
            "--start",
            "1mA/cm2",
            "--max",
            "0.5mA/cm2",
        ],
        &["--max", "0.5 mA/cm²", "start current 1 mA/cm²"],
    );
    fails_with(
        &["ccd", "nvp-nzsp-batio3c-al"],
        &["half cell", "symmetric", "deposition", "anode-free"],
    );
    fails_with(
        &[
            "ccd",
            "na-nzsp-na-welded",
            "--map",
            "--pressures",
            "0.5,hard,2MPa",
            "--currents",
            "0.1mA/cm2",
        ],
        &["--pressures", "\"hard\"", "pressure"],
    );
}

#[test]
fn json_names_the_criterion_and_the_ccd() {
    let o = natrium(&[
        "ccd",
        "na-nzsp-na-welded",
        "--direction",
        "stripping",
        "--max",
        "1mA/cm2",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    assert_eq!(v["direction"], "stripping");
    assert_eq!(v["criterion"]["code"], "contact-loss");
    assert_eq!(v["determined"], true);
    let ccd = v["ccd [mA/cm^2]"].as_f64().unwrap();
    let failed = v["failed at [mA/cm^2]"].as_f64().unwrap();
    assert!(ccd > 0.0 && failed > ccd, "{ccd} {failed}");
    assert!(v["criterion"]["text"]
        .as_str()
        .unwrap()
        .contains("working electrode"));
}

#[test]
fn map_writes_table_heat_map_and_ccd_per_pressure() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ccd-map-cli");
    let _ = std::fs::remove_dir_all(&dir);
    let o = natrium(&[
        "ccd",
        "na-nzsp-na-welded",
        "--direction",
        "stripping",
        "--map",
        "--pressures",
        "0.5,2MPa",
        "--currents",
        "0.1,0.5,2mA/cm2",
        "--max",
        "2mA/cm2",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.contains("CCD per pressure"), "{out}");
    for f in [
        "ccd-map.csv",
        "ccd-map.json",
        "ccd-map.png",
        "ccd-map.svg",
        "ccd-vs-pressure.csv",
        "ccd-vs-pressure.png",
        "ccd-vs-pressure.svg",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing; {out}");
    }
    let csv = std::fs::read_to_string(dir.join("ccd-map.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 2 * 3, "{csv}");
    assert!(csv.contains("contact-loss"), "{csv}");
}
