//! The bad-input catalogue (issue 11): quantities, cell designs, material files and protocols
//! that must be refused, each with the words its message must contain — the field, the value
//! and what was expected (unit, range or choices). One table per kind of input; a case that
//! is accepted, panics or gives a vaguer message fails. The command-line options have their own
//! catalogue in `crates/cli/tests/bad_inputs_cli.rs`.

use std::path::Path;

use natrium::cell::parse_cell;
use natrium::materials::{bundled_file, Database};
use natrium::protocol::Protocol;
use natrium::simulation::{RunOptions, Simulation};
use natrium::units::{dims, parse_as, parse_quantity};

fn contains_all(msg: &str, want: &[&str], case: &str) {
    for w in want {
        assert!(
            msg.contains(w),
            "case {case:?}: message lacks {w:?}:\n{msg}"
        );
    }
    assert!(
        msg.len() < 2000,
        "case {case:?}: message of {} bytes",
        msg.len()
    );
}

/// (input, dimension expected or None for any, words of the message).
const UNITS: &[(&str, Option<&str>, &[&str])] = &[
    ("", None, &["empty"]),
    ("   ", None, &["empty"]),
    ("abc", None, &["abc"]),
    ("1.2.3 V", None, &["1.2.3"]),
    ("1e V", None, &["1e"]),
    ("1 Vv", None, &["unknown unit", "Vv", "did you mean"]),
    ("1 mAh/cm2/", None, &["mAh/cm2/"]),
    ("1 m^", None, &["number after '^'"]),
    ("1 m^x", None, &["number after '^'"]),
    ("1 m^(1/3)", None, &["multiple of 1/2"]),
    ("1 m^99", None, &["exponent"]),
    ("1 km⁹⁹⁹", None, &["exponent of at most 32"]),
    ("1 s⁻⁹⁹", None, &["exponent of at most 32"]),
    ("1 m⁻", None, &["superscript digit"]),
    ("1e999 V", None, &["1e999"]),
    ("NaN V", None, &["NaN"]),
    ("inf V", None, &["inf"]),
    ("1 degC/s", None, &["degC"]),
    ("1 ((V)", None, &["V"]),
    ("1 V)", None, &["unbalanced"]),
    ("1 mA/cm^2", Some("length"), &["current density", "length"]),
    ("30", Some("length"), &["no unit", "length", "um"]),
    ("30 mAh", Some("length"), &["charge", "length"]),
    ("1 MPa", Some("temperature"), &["pressure", "temperature"]),
    ("25", Some("temperature"), &["no unit", "temperature"]),
    (
        "0.1 mA",
        Some("current density"),
        &["current", "current density", "mA/cm"],
    ),
    ("5 mS", Some("conductivity"), &["conductivity", "S/cm"]),
    ("1 h", Some("voltage"), &["time", "voltage"]),
    ("3 V/s", Some("voltage"), &["voltage"]),
    ("1 eV", Some("pressure"), &["energy", "pressure"]),
    (
        "1 g/cm3",
        Some("specific capacity"),
        &["density", "specific capacity"],
    ),
    ("1 %", Some("length"), &["length"]),
    ("1 um/h", Some("length"), &["velocity", "length"]),
    ("1 mol", Some("charge"), &["charge"]),
    ("1 K/m", Some("temperature"), &["temperature"]),
];

fn dim(name: &str) -> natrium::units::Dimension {
    match name {
        "length" => dims::LENGTH,
        "temperature" => dims::TEMPERATURE,
        "current density" => dims::CURRENT_DENSITY,
        "conductivity" => dims::CONDUCTIVITY,
        "voltage" => dims::VOLTAGE,
        "pressure" => dims::PRESSURE,
        "specific capacity" => dims::SPECIFIC_CAPACITY,
        "charge" => dims::CHARGE,
        other => panic!("no dimension {other}"),
    }
}

#[test]
fn bad_quantities_are_refused_with_the_reason() {
    for (input, d, want) in UNITS {
        let msg = match d {
            None => match parse_quantity(input) {
                Ok(q) if !q.value.is_finite() => panic!("{input:?} gave a non-finite {q:?}"),
                Ok(q) => panic!("{input:?} accepted as {q:?}"),
                Err(e) => e.to_string(),
            },
            Some(name) => match parse_as(input, dim(name)) {
                Ok(v) => panic!("{input:?} accepted as {name} {v}"),
                Err(e) => e.to_string(),
            },
        };
        contains_all(&msg, want, input);
    }
}

/// (text to replace in the thin-target design, replacement, words of the message).
const CELLS: &[(&str, &str, &[&str])] = &[
    ("area = \"1 cm^2\"", "area = \"0 cm^2\"", &["area", "0 cm^2", "valid range"]),
    ("area = \"1 cm^2\"", "area = \"1e9 cm^2\"", &["area", "valid range"]),
    ("area = \"1 cm^2\"", "area = \"1 cm\"", &["area", "length", "area"]),
    ("area = \"1 cm^2\"", "area = 1", &["area", "quoted string with its unit"]),
    ("area = \"1 cm^2\"", "area = \"1 cm^2\"\narea = \"2 cm^2\"", &["area", "given twice", "line"]),
    ("temperature = \"25 degC\"", "temperature = \"-500 degC\"", &["temperature", "-500 degC", "valid range"]),
    ("temperature = \"25 degC\"", "temperature = \"-200 degC\"", &["temperature", "valid range"]),
    ("temperature = \"25 degC\"", "temperature = \"100 degC\"", &["temperature", "melt"]),
    ("temperature = \"25 degC\"", "temperature = \"25 V\"", &["temperature", "voltage"]),
    ("stack_pressure = \"6 MPa\"", "stack_pressure = \"-1 MPa\"", &["stack_pressure", "valid range"]),
    ("stack_pressure = \"6 MPa\"", "stack_pressure = \"1e9 MPa\"", &["stack_pressure", "valid range", "1000 MPa"]),
    ("stack_pressure = \"6 MPa\"", "stack_pressure = \"6 mA\"", &["stack_pressure", "pressure"]),
    ("type = \"anode-free\"", "type = \"anode-full\"", &["type", "anode-full", "anode-free, na-metal, symmetric or deposition"]),
    ("[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"", "[separator]\nmaterial = \"nzsp-34\"\nthickness = \"1e6 m\"", &["separator.thickness", "valid range"]),
    ("[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"", "[separator]\nmaterial = \"nzsp-34\"\nthickness = \"1 nm\"", &["separator.thickness", "1 nm", "valid range", "1.00 um"]),
    ("[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"", "[separator]\nmaterial = \"nzsp-34\"\nthickness = \"-30 um\"", &["separator.thickness", "valid range"]),
    ("[separator]\nmaterial = \"nzsp-34\"", "[separator]\nmaterial = \"nzsp-99\"", &["separator.material", "nzsp-99"]),
    ("[separator]\nmaterial = \"nzsp-34\"", "[separator]\nmaterial = \"nvp\"", &["separator.material", "nvp", "electrolyte"]),
    ("[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"", "[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"\nrelative_density = \"10 %\"", &["separator.relative_density", "10 %", "valid range"]),
    ("[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"", "[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"\nrelative_density = \"120 %\"", &["separator.relative_density", "valid range"]),
    ("[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"", "[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"\ncolour = \"red\"", &["colour", "unknown field"]),
    ("[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"", "[separator]\nmaterial = \"nzsp-34\"\nthickness = 30", &["separator.thickness", "quoted string"]),
    ("[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"", "[separator]\nmaterial = \"nzsp-34\"\nthickness = \"30 um\"\n[separator]\nmaterial = \"nzsp\"", &["[separator]", "given twice"]),
    ("active = \"nvp\"", "active = \"nzsp-34\"", &["cathode.active", "nzsp-34"]),
    ("active = \"nvp\"", "active = \"nvq\"", &["cathode.active", "nvq"]),
    ("porosity = \"5 %\"", "porosity = \"95 %\"", &["cathode.porosity", "valid range"]),
    ("porosity = \"5 %\"", "porosity = \"5 um\"", &["cathode.porosity", "dimensionless"]),
    ("areal_capacity = \"3 mAh/cm^2\"", "areal_capacity = \"3 mAh\"", &["cathode.areal_capacity", "areal capacity"]),
    ("areal_capacity = \"3 mAh/cm^2\"", "areal_capacity = \"1000 mAh/cm^2\"", &["cathode.areal_capacity", "valid range"]),
    ("areal_capacity = \"3 mAh/cm^2\"", "areal_capacity = \"0 mAh/cm^2\"", &["cathode.areal_capacity", "valid range"]),
    ("active = \"55 %\"", "active = \"155 %\"", &["cathode.volume_fractions.active", "valid range"]),
    ("active = \"55 %\"", "active = \"-5 %\"", &["cathode.volume_fractions.active", "valid range"]),
    ("electrolyte = \"32 %\"", "electrolyte = \"2 %\"", &["cathode.volume_fractions", "do not add up", "expected 1"]),
    ("[positive_collector]\nmaterial = \"al\"\nthickness = \"10 um\"", "[positive_collector]\nmaterial = \"al\"\nthickness = \"1 m\"", &["positive_collector.thickness", "valid range"]),
    ("[positive_collector]\nmaterial = \"al\"", "[positive_collector]\nmaterial = \"nzsp-34\"", &["positive_collector.material", "collector"]),
    ("[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"", "[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"\nporosity = \"100 %\"", &["negative_collector.porosity", "valid range"]),
    ("name = \"NVP", "[fixture]\nkind = \"vice\"\n\n[x]\nname = \"NVP", &["fixture"]),
    ("name = \"NVP", "nonsense_key = 3\nname = \"NVP", &["nonsense_key"]),
    ("[cathode]", "[cathode\n", &["unclosed table", "expected `]`"]),
    ("[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"", "[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"\n\n[model]\ncathode = \"p3d\"", &["model.cathode", "p3d", "p2d, spm"]),
    ("[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"", "[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"\n\n[model]\ncathode_nodes = 0", &["model.cathode_nodes", "from 1 to 200"]),
    ("[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"", "[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"\n\n[model]\nrtol = 0", &["model.rtol", "accepted range"]),
    ("[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"", "[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"\n\n[model]\nreltol = 1e-6", &["model.reltol", "unknown model option"]),
    ("[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"", "[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"\n\n[model]\nelectrolyte_conductivity = \"1 mS/cm at 25 V\"", &["model.electrolyte_conductivity", "temperature"]),
    ("[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"", "[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"\n\n[model]\ncontact_fraction = 2.0", &["model.contact_fraction", "accepted range"]),
    ("[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"", "[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"\n\n[model]\ndiffusivity = \"1e-15 m/s\"", &["model.diffusivity", "m^2/s"]),
    ("[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"", "[negative_collector]\nmaterial = \"al\"\nthickness = \"10 um\"\n\n[model]\nleakage = \"yes\"", &["model.leakage", "true or false"]),
];

fn thin_target() -> String {
    bundled_file("cells/nvp-nzsp-thin-target.toml")
        .unwrap()
        .to_string()
}

#[test]
fn bad_cell_designs_are_refused_naming_the_field() {
    let db = Database::bundled().unwrap();
    let base = thin_target();
    for (from, to, want) in CELLS {
        assert!(base.contains(from), "the base design lacks {from:?}");
        let text = base.replacen(from, to, 1);
        let msg = match parse_cell(Path::new("bad.toml"), &text, &db) {
            Err(e) => e.to_string(),
            Ok(cell) => match Simulation::new(&cell, RunOptions::default()) {
                Err(e) => e.to_string(),
                Ok(_) => panic!("accepted: {to:?}"),
            },
        };
        assert!(msg.contains("bad.toml"), "{to:?}: no file in\n{msg}");
        contains_all(&msg, want, to);
    }
}

/// (text to replace in the nzsp-34 material file, replacement, words of the message).
const MATERIALS: &[(&str, &str, &[&str])] = &[
    (
        "value = \"5 mS/cm\"",
        "value = \"5 mS\"",
        &["ionic_conductivity", "conductivity"],
    ),
    (
        "value = \"5 mS/cm\"",
        "value = \"-5 mS/cm\"",
        &["ionic_conductivity", "physical bounds"],
    ),
    (
        "value = \"5 mS/cm\"",
        "value = \"5e9 mS/cm\"",
        &["ionic_conductivity", "physical bounds"],
    ),
    (
        "value = \"5 mS/cm\"",
        "value = 5",
        &["ionic_conductivity", "quoted string"],
    ),
    ("at = \"25 degC\"", "at = \"25 V\"", &["at", "temperature"]),
    (
        "class = \"electrolyte\"",
        "class = \"elektrolyte\"",
        &["class", "elektrolyte"],
    ),
    ("id = \"nzsp-34\"", "id = \"nzsp-35\"", &["id", "file name"]),
    (
        "value = \"0.3 eV\"",
        "value = \"30 eV\"",
        &["activation_energy", "physical bounds"],
    ),
    (
        "value = \"0.3 eV\"",
        "value = \"0.3 V\"",
        &["activation_energy", "energy"],
    ),
    ("form = \"sigma\"", "form = \"sigmaT\"", &["form", "sigmaT"]),
    (
        "value = \"3.2 g/cm3\"",
        "value = \"3.2 g\"",
        &["density", "density"],
    ),
    (
        "value = \"3.2 g/cm3\"",
        "value = \"3200 g/cm3\"",
        &["density", "physical bounds"],
    ),
    (
        "value = \"1\"",
        "value = \"1.5\"",
        &["transference_number", "physical bounds"],
    ),
    (
        "range = [\"72 GPa\", \"88 GPa\"]",
        "range = [\"72 GPa\"]",
        &["youngs_modulus.range", "[low, high]"],
    ),
    (
        "range = [\"72 GPa\", \"88 GPa\"]",
        "range = [\"88 GPa\", \"72 GPa\"]",
        &["range"],
    ),
    (
        "range = [\"72 GPa\", \"88 GPa\"]",
        "range = [\"72 GPa\", \"88 mV\"]",
        &["range", "pressure"],
    ),
    (
        "provenance = \"assumed\"\nnote = \"typical",
        "provenance = \"guessed\"\nnote = \"typical",
        &["provenance", "guessed"],
    ),
    ("[density]", "[densty]", &["densty", "did you mean"]),
    (
        "[density]",
        "[density]\nvalue = \"3 g/cm3\"\n[density]",
        &["density", "given twice"],
    ),
    ("family = \"nasicon\"", "family = 3", &["family"]),
];

#[test]
fn bad_material_files_are_refused_naming_the_field() {
    let base = bundled_file("materials/electrolyte/nzsp-34.toml").unwrap();
    for (from, to, want) in MATERIALS {
        assert!(base.contains(from), "the base material lacks {from:?}");
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("electrolyte");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join("nzsp-34.toml"), base.replacen(from, to, 1)).unwrap();
        let msg = match Database::load_dir(dir.path()) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("accepted: {to:?}"),
        };
        assert!(msg.contains("nzsp-34.toml"), "{to:?}: no file in\n{msg}");
        contains_all(&msg, want, to);
    }
}

#[test]
fn a_cathode_with_its_voltage_window_upside_down_is_refused_on_load() {
    let base = bundled_file("materials/cathode/nvp.toml").unwrap();
    let text = base.replacen("value = \"2.5 V\"", "value = \"4.5 V\"", 1);
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("cathode");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("nvp.toml"), text).unwrap();
    let msg = Database::load_dir(dir.path()).unwrap_err().to_string();
    contains_all(
        &msg,
        &["nvp.toml", "voltage_min", "4.5 V", "voltage_max"],
        "window",
    );
}

/// (protocol text, words of the message).
const PROTOCOLS: &[(&str, &[&str])] = &[
    ("", &["empty protocol"]),
    (";;", &["empty protocol"]),
    ("Charge at 0.1 mA/cm2", &["stop"]),
    ("Charge until 3.8 V", &["at"]),
    ("Charge at -1 mA until 3.8 V", &["magnitudes only"]),
    ("Charge at 0.1 mA/cm2 until 3.8 Vv", &["unknown unit", "Vv"]),
    ("Charge at 0.1 mA/cm2 until 3.8 mAh/g/s", &["mAh/g/s"]),
    ("Charge at 0.1 mA/cm2 for 3.8 V", &["duration", "until"]),
    (
        "Charge at 0.1 mA/cm2 until 1 A/cm2",
        &["current stop", "Hold"],
    ),
    ("Rest until 3 V", &["Rest", "time"]),
    ("Rest for 0 h", &["positive"]),
    ("Hold at 3.8 V until 3.9 V", &["voltage cannot end it"]),
    ("Hold at 3.8 V", &["Hold"]),
    ("Chrage at 0.1 mA/cm2 until 3.8 V", &["Chrage", "Charge"]),
    ("Repeat 0 times: [Rest for 1 h]", &["at least 1"]),
    ("Repeat 2.5 times: [Rest for 1 h]", &["whole number"]),
    ("Repeat 3 times: []", &["empty"]),
    ("Repeat 3 times: [Rest for 1 h", &["]"]),
    (
        "Repeat 20000000 times: [Rest for 1 h]",
        &["at most 10000000"],
    ),
    (
        "Repeat 10000000 times: [Repeat 100 times: [Rest for 1 s]]",
        &["1e9 steps", "1e8"],
    ),
    (
        "Charge at 0.1 mA/cm2 until 3.8 V at -500 degC",
        &["absolute zero"],
    ),
    (
        "Charge at 0.1 mA/cm2 until 3.8 V under -1 MPa",
        &["negative"],
    ),
    ("Set temperature to 3 V", &["temperature"]),
    ("Set voltage to 3 V", &["temperature", "pressure"]),
    ("Discharge at 0.1 mA/cm2 until V > 3 A", &["current"]),
    ("Charge at 0.1 mA/cm2 until I < 3 mA", &["current stop"]),
    (
        "  Charge at 0.1 mA/cm2 until 3.8 V\nRest for 1 h",
        &["indented less"],
    ),
];

#[test]
fn bad_protocols_are_refused_with_position_and_reason() {
    for (text, want) in PROTOCOLS {
        match Protocol::parse(text, "p.txt") {
            Ok(p) => panic!("accepted {text:?}: {p}"),
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with("p.txt"), "{text:?}: {msg}");
                contains_all(&msg, want, text);
            }
        }
    }
}

/// (protocol text parsed fine but refused for the cell before running, words of the message).
const REFUSED: &[(&str, &[&str])] = &[
    (
        "Charge at 10000C until 3.8 V",
        &["current density", "valid range", "1000 mA/cm^2"],
    ),
    (
        "Charge at 2 A/cm2 until 3.8 V",
        &["current density", "valid range"],
    ),
    (
        "Hold at 100 V for 1 h",
        &["holds at 100 V", "outside the voltages"],
    ),
    (
        "Discharge at 0.1 mA/cm2 until -20 V",
        &["-20 V", "outside the voltages"],
    ),
    (
        "Charge at 0.1 mA/cm2 until 1000 mAh/cm2",
        &["capacity", "valid range"],
    ),
    (
        "Charge at 0.1 mA/cm2 until 50 mAh/cm2",
        &["cathode holds", "no voltage or time stop"],
    ),
    (
        "Charge at 0.1 mA/cm2 until 1 V",
        &["starts at", "end at once"],
    ),
    (
        "Discharge at 0.1 mA/cm2 until 4 V",
        &["starts at", "end at once"],
    ),
    (
        "Set temperature to 100 degC; Rest for 1 h",
        &["melts at 97.8"],
    ),
    ("Rest for 1 h at 400 degC", &["temperature", "valid range"]),
    (
        "Rest for 1 h under 2 GPa",
        &["stack pressure", "valid range"],
    ),
    ("Rest for 1e10 h", &["duration", "valid range"]),
];

#[test]
fn protocols_the_cell_cannot_run_are_refused_before_the_run() {
    let db = Database::bundled().unwrap();
    let cell = parse_cell(Path::new("t.toml"), &thin_target(), &db).unwrap();
    let sim = Simulation::new(&cell, RunOptions::default()).unwrap();
    for (text, want) in REFUSED {
        let p = Protocol::parse(text, "<t>").unwrap_or_else(|e| panic!("{text}: {e}"));
        match sim.check_protocol(&p) {
            Ok(w) => panic!("accepted {text:?} (warnings {w:?})"),
            Err(r) => contains_all(&r.to_string(), want, text),
        }
    }
    // and a half cell refuses a C-rate
    let text = bundled_file("cells/na-nzsp-na-welded.toml").unwrap();
    let cell = parse_cell(Path::new("w.toml"), text, &db).unwrap();
    let sim = Simulation::new(&cell, RunOptions::default()).unwrap();
    let p = Protocol::parse("Plate at C/5 for 1 h", "<t>").unwrap();
    let r = sim.check_protocol(&p).unwrap_err().to_string();
    contains_all(&r, &["C-rate", "mA/cm^2", "line 1"], "C-rate");
}

#[test]
fn the_catalogue_has_at_least_120_cases() {
    let n = UNITS.len() + CELLS.len() + MATERIALS.len() + PROTOCOLS.len() + REFUSED.len() + 2;
    assert!(n >= 120, "{n} cases");
}
