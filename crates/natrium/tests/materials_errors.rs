//! Bad material files are rejected with a message that names the file, the line, the field, the
//! value as written and what was expected (data/materials/README.md; DESIGN.md "input errors that
//! name file and line"). Each case writes one broken file into a fresh temporary directory and
//! loads it with `Database::load_dir`.

use std::path::Path;

use natrium::materials::Database;

/// A valid electrolyte file; every case below changes one thing.
const GOOD_SE: &str = r#"id = "test-se"
name = "Test electrolyte"
formula = "Na3Zr2Si2PO12"
class = "electrolyte"
family = "nasicon"

[ionic_conductivity]
value = "1 mS/cm"
at = "25 degC"
source = { paper = "Test et al., J. Test. 1 (2020) 1" }

[transference_number]
value = "0.99"
source = { paper = "Test et al., J. Test. 1 (2020) 1" }
"#;

/// A valid cathode file.
const GOOD_CATHODE: &str = r#"id = "test-cathode"
name = "Test cathode"
class = "cathode"
family = "polyanion"

[theoretical_capacity]
value = "117.6 mAh/g"
provenance = "derived"
note = "26801·n/M"

[voltage_min]
value = "2.5 V"
source = { review = 76 }

[voltage_max]
value = "3.8 V"
source = { review = 76 }

[mean_voltage]
value = "3.4 V"
source = { review = 76 }

[density]
value = "3.156 g/cm3"
source = { review = 87 }
"#;

/// Load one file `<stem>.toml` with `text` from a temporary directory; returns the error text
/// and the path written.
fn load_err(stem: &str, text: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("electrolyte");
    std::fs::create_dir_all(&sub).unwrap();
    let path = sub.join(format!("{stem}.toml"));
    std::fs::write(&path, text).unwrap();
    let err = match Database::load_dir(dir.path()) {
        Ok(db) => panic!(
            "expected an error for {stem}, got a database of {} materials",
            db.len()
        ),
        Err(e) => e.to_string(),
    };
    (err, path.display().to_string())
}

fn load_err_in(folder: &str, stem: &str, text: &str) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join(folder);
    std::fs::create_dir_all(&sub).unwrap();
    let path = sub.join(format!("{stem}.toml"));
    std::fs::write(&path, text).unwrap();
    let err = match Database::load_dir(dir.path()) {
        Ok(_) => panic!("expected an error for {stem}"),
        Err(e) => e.to_string(),
    };
    (err, path.display().to_string())
}

/// 1-based line of the first line of `text` that contains `needle` after the line containing
/// `after`.
fn line_of(text: &str, after: &str, needle: &str) -> usize {
    let start = text
        .lines()
        .position(|l| l.contains(after))
        .unwrap_or_else(|| panic!("{after} not in text"));
    text.lines()
        .enumerate()
        .skip(start)
        .find(|(_, l)| l.contains(needle))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("{needle} not in text"))
}

/// The error must name `path:LINE` where LINE is the `value =` line of the table or its
/// `[header]` line just above (see `value_errors_point_at_the_value_line` for the strict form).
fn assert_names_line(err: &str, path: &str, value_line: usize) {
    let at_value = format!("{path}:{value_line}:");
    let at_header = format!("{path}:{}:", value_line - 1);
    assert!(
        err.contains(&at_value) || err.contains(&at_header),
        "expected {at_value} (or the table header {at_header}) in the error:\n{err}"
    );
}

fn assert_contains(err: &str, parts: &[&str]) {
    for p in parts {
        assert!(err.contains(p), "expected {p:?} in the error:\n{err}");
    }
}

#[test]
fn the_good_files_load() {
    // the baseline of every case must itself be valid, or the cases prove nothing
    for (folder, stem, text) in [
        ("electrolyte", "test-se", GOOD_SE),
        ("cathode", "test-cathode", GOOD_CATHODE),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join(folder);
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("{stem}.toml")), text).unwrap();
        let db = Database::load_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(db.len(), 1);
        let m = db.get(stem).unwrap();
        if stem == "test-se" {
            // 1 mS/cm = 0.1 S/m
            approx::assert_relative_eq!(m.si("ionic_conductivity").unwrap(), 0.1);
        }
    }
    // and they merge over the bundled ones
    let mut db = Database::bundled().unwrap();
    let n = db.len();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("electrolyte")).unwrap();
    std::fs::write(dir.path().join("electrolyte/test-se.toml"), GOOD_SE).unwrap();
    db.merge(Database::load_dir(dir.path()).unwrap());
    assert_eq!(db.len(), n + 1);
}

#[test]
fn wrong_unit_dimension() {
    // "5 mS" is a conductance, not a conductivity (S/m)
    let text = GOOD_SE.replace("\"1 mS/cm\"", "\"5 mS\"");
    let (err, path) = load_err("test-se", &text);
    let line = line_of(&text, "[ionic_conductivity]", "value =");
    assert_eq!(line, 8);
    assert_names_line(&err, &path, line);
    assert_contains(
        &err,
        &[
            "ionic_conductivity.value",
            "\"5 mS\"",
            "expected",
            "S/cm", // the example of the expected unit, e.g. "5 mS/cm"
        ],
    );
    assert!(
        err.contains("conductance"),
        "should say what 5 mS is:\n{err}"
    );
}

#[test]
fn unknown_unit_with_suggestion() {
    let text = GOOD_CATHODE.replace("\"117.6 mAh/g\"", "\"3 mAh/gg\"");
    let (err, path) = load_err_in("cathode", "test-cathode", &text);
    let line = line_of(&text, "[theoretical_capacity]", "value =");
    assert_names_line(&err, &path, line);
    assert_contains(
        &err,
        &[
            "theoretical_capacity.value",
            "3 mAh/gg",
            "unknown unit \"gg\"",
            "did you mean \"g\"",
        ],
    );
}

#[test]
fn reported_value_without_source() {
    let text = GOOD_SE.replace(
        "value = \"0.99\"\nsource = { paper = \"Test et al., J. Test. 1 (2020) 1\" }",
        "value = \"0.99\"",
    );
    assert_ne!(text, GOOD_SE);
    let (err, path) = load_err("test-se", &text);
    let line = line_of(&text, "[transference_number]", "[transference_number]");
    // the error names the table (its header or its value line)
    assert!(
        err.contains(&format!("{path}:{line}")) || err.contains(&format!("{path}:{}", line + 1)),
        "file:line of [transference_number] (line {line}) expected in:\n{err}"
    );
    assert_contains(&err, &["transference_number", "source", "reported"]);
}

#[test]
fn assumed_value_without_note() {
    let text = GOOD_SE.replace(
        "value = \"0.99\"\nsource = { paper = \"Test et al., J. Test. 1 (2020) 1\" }",
        "value = \"0.99\"\nprovenance = \"assumed\"",
    );
    let (err, path) = load_err("test-se", &text);
    let line = line_of(&text, "[transference_number]", "[transference_number]");
    assert!(
        err.contains(&format!("{path}:{line}")) || err.contains(&format!("{path}:{}", line + 1)),
        "file:line of [transference_number] (line {line}) expected in:\n{err}"
    );
    assert_contains(&err, &["transference_number", "assumed", "note"]);
    // a derived value needs a note just as well
    let text = GOOD_SE.replace(
        "value = \"0.99\"\nsource = { paper = \"Test et al., J. Test. 1 (2020) 1\" }",
        "value = \"0.99\"\nprovenance = \"derived\"",
    );
    let (err, _) = load_err("test-se", &text);
    assert_contains(&err, &["transference_number", "derived", "note"]);
}

#[test]
fn unknown_field_with_did_you_mean() {
    let text = GOOD_SE.replace("[transference_number]", "[transferrence_number]");
    let (err, path) = load_err("test-se", &text);
    let line = line_of(&text, "[transferrence_number]", "[transferrence_number]");
    // the line of the table header or of its first key
    assert!(
        err.contains(&format!("{path}:{line}")) || err.contains(&format!("{path}:{}", line + 1)),
        "file:line (line {line}) expected in:\n{err}"
    );
    assert_contains(
        &err,
        &[
            "transferrence_number",
            "unknown field",
            "did you mean `transference_number`",
        ],
    );
}

#[test]
fn id_must_equal_the_file_stem() {
    let (err, path) = load_err("other-name", GOOD_SE);
    assert_contains(
        &err,
        &[
            &path,
            "field `id`",
            "\"test-se\"",
            "file name stem \"other-name\"",
        ],
    );
}

#[test]
fn value_out_of_bounds() {
    // a transference number is a fraction in [0, 1]
    let text = GOOD_SE.replace("value = \"0.99\"", "value = \"1.5\"");
    let (err, path) = load_err("test-se", &text);
    let line = line_of(&text, "[transference_number]", "value =");
    assert_names_line(&err, &path, line);
    assert_contains(
        &err,
        &[
            "transference_number.value",
            "\"1.5\"",
            "outside the physical bounds",
        ],
    );
    // and a negative conductivity
    let text = GOOD_SE.replace("\"1 mS/cm\"", "\"-1 mS/cm\"");
    let (err, _) = load_err("test-se", &text);
    assert_contains(
        &err,
        &["ionic_conductivity.value", "\"-1 mS/cm\"", "bounds"],
    );
}

#[test]
fn several_errors_are_reported_together() {
    // one pass reports every problem of a directory, not just the first
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("electrolyte");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("test-se.toml"),
        GOOD_SE.replace("\"1 mS/cm\"", "\"5 mS\""),
    )
    .unwrap();
    std::fs::write(
        sub.join("test-se2.toml"),
        GOOD_SE
            .replace("test-se", "test-se2")
            .replace("value = \"0.99\"", "value = \"1.5\""),
    )
    .unwrap();
    let err = Database::load_dir(dir.path()).unwrap_err();
    assert_eq!(err.0.len(), 2, "{err}");
    let files: Vec<&Path> = err.0.iter().map(|e| e.file.as_path()).collect();
    assert!(files.iter().any(|f| f.ends_with("test-se.toml")));
    assert!(files.iter().any(|f| f.ends_with("test-se2.toml")));
}

#[test]
fn missing_required_field_names_the_unit() {
    let text = GOOD_SE.lines().take(5).collect::<Vec<_>>().join("\n");
    let (err, path) = load_err("test-se", &text);
    assert_contains(&err, &[&path, "ionic_conductivity", "required", "mS/cm"]);
}

#[test]
fn value_errors_point_at_the_value_line() {
    // parse_value computes `vline = line_of_key(span, "value")` to point at the `value = …` line,
    // and Property::line is documented as the line of the value; for a standard [table] the
    // span covers only the header, so the header line is reported instead.
    let text = GOOD_SE.replace("\"1 mS/cm\"", "\"5 mS\"");
    let (err, path) = load_err("test-se", &text);
    assert!(
        err.contains(&format!("{path}:8:")),
        "value is on line 8:\n{err}"
    );
    let db = Database::bundled().unwrap();
    let nvp = db.get("nvp").unwrap();
    let text = natrium::materials::bundled_file("materials/cathode/nvp.toml").unwrap();
    let value_line = line_of(text, "[theoretical_capacity]", "value =");
    assert_eq!(
        nvp.prop("theoretical_capacity").unwrap().line,
        Some(value_line)
    );
}
