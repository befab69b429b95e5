//! Unit tests of the parser; the examples, bundled files, error positions and round-trip
//! property tests are in `crates/natrium/tests/protocol_*.rs`.

use super::*;

fn one(s: &str) -> Step {
    let p = Protocol::parse(s, "<string>").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.items.len(), 1, "{s}");
    match &p.items[0] {
        Item::Step(st) => st.clone(),
        Item::Repeat { .. } => panic!("not a step: {s}"),
    }
}

fn err(s: &str) -> ParseError {
    match Protocol::parse(s, "<string>") {
        Ok(p) => panic!("accepted {s:?}: {p:?}"),
        Err(e) => e,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1e-300)
}

#[test]
fn charge_current_density() {
    let s = one("Charge at 0.1 mA/cm2 until 3.8 V");
    match s.mode {
        Mode::Charge(Current::Density(j)) => assert!(close(j, 1.0)),
        m => panic!("{m:?}"),
    }
    assert_eq!(s.stops, vec![Stop::VoltageAbove(3.8)]);
    assert_eq!(s.line, 1);
    assert_eq!(s.span, 0..32);
    assert_eq!(s.text, "Charge at 0.1 mA/cm2 until 3.8 V");
}

#[test]
fn c_rates() {
    for (t, x) in [
        ("C/5", 0.2),
        ("0.2C", 0.2),
        ("0.2 C", 0.2),
        ("2C", 2.0),
        ("1C", 1.0),
        ("c/10", 0.1),
        ("C / 2", 0.5),
    ] {
        let s = one(&format!("Discharge at {t} until 2.5 V"));
        assert_eq!(s.mode, Mode::Discharge(Current::CRate(x)), "{t}");
        assert_eq!(s.stops, vec![Stop::VoltageBelow(2.5)]);
    }
}

#[test]
fn stops_combine_with_or() {
    let s = one("Charge at C/2 until 3.8 V or 5 h");
    assert_eq!(s.stops, vec![Stop::VoltageAbove(3.8), Stop::Time(18000.0)]);
    let s = one("charge AT c/2 FOR 5 hours OR UNTIL v < 2 V");
    assert_eq!(s.stops, vec![Stop::Time(18000.0), Stop::VoltageBelow(2.0)]);
}

#[test]
fn suffixes_and_set() {
    let s = one("Rest for 10 min at 60 degC under 2 MPa");
    assert_eq!(s.mode, Mode::Rest);
    assert!(close(s.temperature.unwrap(), 333.15));
    assert_eq!(s.pressure, Some(2e6));
    let s = one("Set temperature to 25 degC and pressure to 5 MPa");
    assert_eq!(s.mode, Mode::SetAmbient);
    assert!(s.stops.is_empty());
    assert_eq!(s.pressure, Some(5e6));
}

#[test]
fn repeats_inline_and_block() {
    let p = Protocol::parse(
        "Repeat 3 times: [Charge at C/2 until 3.8 V; Repeat 2 times: [Rest for 1 min]; Discharge at C/2 until 2.5 V]",
        "<string>",
    )
    .unwrap();
    assert_eq!(p.n_steps_expanded(), 12);
    let q = Protocol::parse(
        "Repeat 3 times:\n    Charge at C/2 until 3.8 V\n    Repeat 2 times:\n    \tRest for 1 min\n    Discharge at C/2 until 2.5 V\n",
        "<string>",
    )
    .unwrap();
    assert_eq!(p, q);
    let cycles: Vec<(u64, u32, u32)> = q
        .steps()
        .map(|e| (e.index, e.cycle, e.inner_cycle))
        .collect();
    assert_eq!(cycles[0], (0, 0, 0));
    assert_eq!(cycles[2], (2, 0, 1));
    assert_eq!(cycles[4], (4, 1, 1));
    assert_eq!(cycles.len(), 12);
}

#[test]
fn display_round_trip_of_examples() {
    let text = "Set pressure to 2 MPa\nPlate 0.325 mAh/cm2 at 0.1 mA/cm2\nStrip at 0.5 mA/cm2 until 1 V or 2 h at 60 degC\nHold at 3.8 V until C/50 or 30 min\nRepeat 7 times: [Discharge at 2 mA until V > 3 V; Rest for 90 s]\n";
    let p = Protocol::parse(text, "<string>").unwrap();
    let shown = p.to_string();
    assert_eq!(
        shown,
        "Set pressure to 2 MPa\nPlate 0.325 mAh/cm2 at 0.1 mA/cm2\nStrip at 0.5 mA/cm2 until 1 V or 2 h at 60 degC\nHold at 3.8 V until C/50 or 30 min\nRepeat 7 times:\n    Discharge at 2 mA until V > 3 V\n    Rest for 1.5 min\n"
    );
    assert_eq!(Protocol::parse(&shown, "<string>").unwrap(), p);
}

#[test]
fn basic_errors() {
    let e = err("Chrage at 1 mA until 3 V");
    assert_eq!((e.line, e.column), (1, 1));
    assert!(
        e.message.contains("did you mean \"Charge\""),
        "{}",
        e.message
    );
    let e = err("Discharge at -1 mA until 2.5 V");
    assert_eq!(e.column, 14);
    assert!(e.message.starts_with("magnitudes only"));
    assert!(err("Rest").message.contains("duration"));
    assert!(err("Hold at 3.8 V until 1 mAh/cm2")
        .message
        .contains("current or time"));
    assert!(err("Repeat 0 times: [Rest for 1 h]")
        .message
        .contains("at least 1"));
    assert!(err("Repeat 10000001 times: [Rest for 1 h]")
        .message
        .contains("at most"));
    assert!(err("Repeat 2 times:\n")
        .message
        .contains("empty repeat body"));
    assert!(err("Repeat 2 times: []")
        .message
        .contains("empty repeat body"));
    assert!(err("# nothing\n\n").message.contains("empty protocol"));
    let deep = format!(
        "{}Rest for 1 h{}",
        "Repeat 2 times: [".repeat(40),
        "]".repeat(40)
    );
    assert!(err(&deep).message.contains("nested too deeply"));
}

#[test]
fn bundled_protocols_parse() {
    let names = Protocol::bundled_names();
    assert!(names.contains(&"cccv"), "{names:?}");
    for n in names {
        let p = Protocol::bundled(n).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.n_steps_expanded() > 0);
    }
    assert!(Protocol::bundled("ccv")
        .unwrap_err()
        .message
        .contains("did you mean \"cccv\""));
}
