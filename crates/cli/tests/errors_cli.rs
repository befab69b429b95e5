//! Clear errors on bad input (non-zero exit, no panic): unknown designs and materials, malformed
//! protocols, bad units, `--where` conditions of the wrong dimension, forecasts of half cells,
//! bad `--model` options.

mod common;

use common::fails;

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
        err.contains("--ce") && err.contains("outside the valid range") && err.contains("100 %"),
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
fn forecast_of_a_half_cell_is_refused() {
    let err = fails(&["forecast", "na-nzsp-na-welded"]);
    assert!(err.contains("full cell"), "{err}");
}

#[test]
fn a_bad_model_option_names_the_option_and_what_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let base = ["simulate", "nvp-nzsp-thin-target", "-p", "Rest for 1 s"];
    // a value the model does not know: the command-line option, the field and the choices
    let err = fails(&[&base[..], &["--out", out, "--model", "cathode=p3d"]].concat());
    for part in [
        "--model cathode=p3d",
        "model.cathode",
        "\"p3d\"",
        "p2d, spm",
    ] {
        assert!(err.contains(part), "{part} missing:\n{err}");
    }
    // a value outside the allowed range
    let err = fails(&[&base[..], &["--out", out, "--model", "particle_shells=1"]].concat());
    assert!(err.contains("from 2 to 200"), "{err}");
    // not KEY=VALUE
    let err = fails(&[&base[..], &["--out", out, "--model", "cathode"]].concat());
    assert!(err.contains("expected KEY=VALUE"), "{err}");
}
