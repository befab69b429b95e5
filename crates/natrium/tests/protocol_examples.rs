//! The experiment language on the examples of its specification and on the bundled files.

use natrium::protocol::{CapacityAmount, Current, Item, Mode, Protocol, Step, Stop};
use natrium::units::parse_quantity;

/// SI value of a quantity string (the parser uses the same conversion, so comparisons are exact).
fn si(s: &str) -> f64 {
    parse_quantity(s).unwrap().value
}

fn parse(text: &str) -> Protocol {
    Protocol::parse(text, "<string>").unwrap_or_else(|e| panic!("{e}"))
}

fn one(text: &str) -> Step {
    let p = parse(text);
    assert_eq!(p.items.len(), 1, "{text}");
    match &p.items[0] {
        Item::Step(s) => s.clone(),
        other => panic!("{text}: not a step: {other:?}"),
    }
}

fn step(mode: Mode, stops: Vec<Stop>) -> Step {
    Step {
        mode,
        stops,
        temperature: None,
        pressure: None,
        text: String::new(),
        line: 0,
        span: 0..0,
    }
}

#[test]
fn charge_at_current_density() {
    assert_eq!(
        one("Charge at 0.1 mA/cm2 until 3.8 V"),
        step(
            Mode::Charge(Current::Density(si("0.1 mA/cm2"))),
            vec![Stop::VoltageAbove(3.8)]
        )
    );
    assert_eq!(si("0.1 mA/cm2"), 1.0);
}

#[test]
fn discharge_at_c_rates() {
    let want = |x| {
        step(
            Mode::Discharge(Current::CRate(x)),
            vec![Stop::VoltageBelow(2.5)],
        )
    };
    assert_eq!(one("Discharge at C/5 until 2.5 V"), want(1.0 / 5.0));
    assert_eq!(one("Discharge at 0.2C until 2.5 V"), want(0.2));
    assert_eq!(one("Discharge at 0.2 C until 2.5 V"), want(0.2));
    assert_eq!(one("Discharge at 2C until 2.5 V"), want(2.0));
    assert_eq!(one("Discharge at 1C until 2.5 V"), want(1.0));
    assert_eq!(1.0 / 5.0, 0.2);
}

#[test]
fn discharge_at_absolute_current() {
    assert_eq!(
        one("Discharge at 2 mA until 2.5 V"),
        step(
            Mode::Discharge(Current::Absolute(0.002)),
            vec![Stop::VoltageBelow(2.5)]
        )
    );
}

#[test]
fn hold_until_current_density() {
    assert_eq!(
        one("Hold at 3.8 V until 0.02 mA/cm2"),
        step(
            Mode::Hold(3.8),
            vec![Stop::CurrentBelow(Current::Density(si("0.02 mA/cm2")))]
        )
    );
    assert_eq!(
        one("Hold at 3.8 V until C/50"),
        step(
            Mode::Hold(3.8),
            vec![Stop::CurrentBelow(Current::CRate(1.0 / 50.0))]
        )
    );
    assert_eq!(
        one("Hold at 3.8 V until I < 0.1 mA or 2 h"),
        step(
            Mode::Hold(3.8),
            vec![
                Stop::CurrentBelow(Current::Absolute(si("0.1 mA"))),
                Stop::Time(7200.0)
            ]
        )
    );
}

#[test]
fn rest_for_a_time() {
    assert_eq!(
        one("Rest for 1 h"),
        step(Mode::Rest, vec![Stop::Time(3600.0)])
    );
    assert_eq!(
        one("rest 10 min"),
        step(Mode::Rest, vec![Stop::Time(600.0)])
    );
    assert_eq!(
        one("Rest for 2 hours"),
        step(Mode::Rest, vec![Stop::Time(7200.0)])
    );
}

#[test]
fn plate_a_capacity_and_strip_to_a_voltage() {
    let plate = one("Plate 1 mAh/cm2 at 0.5 mA/cm2");
    assert_eq!(
        plate,
        step(
            Mode::Plate(Current::Density(si("0.5 mA/cm2"))),
            vec![Stop::Capacity(CapacityAmount::Areal(36.0 * 1000.0))]
        )
    );
    assert_eq!(plate, one("Plate at 0.5 mA/cm2 until 1 mAh/cm2"));
    assert_eq!(
        one("Strip at 0.5 mA/cm2 until 1 V"),
        step(
            Mode::Strip(Current::Density(si("0.5 mA/cm2"))),
            vec![Stop::VoltageAbove(1.0)]
        )
    );
    // plating lowers the working-electrode potential
    assert_eq!(
        one("Plate at 0.5 mA/cm2 until -0.5 V").stops,
        vec![Stop::VoltageBelow(-0.5)]
    );
}

#[test]
fn repeat_inline_and_block_forms() {
    let inline = parse(
        "Repeat 100 times: [Charge at C/2 until 3.8 V; Rest for 10 min; Discharge at C/2 until 2.5 V]",
    );
    let block = parse(
        "Repeat 100 times:\n    Charge at C/2 until 3.8 V\n    Rest for 10 min\n    Discharge at C/2 until 2.5 V\n",
    );
    assert_eq!(inline, block);
    assert_eq!(inline.n_steps_expanded(), 300);
    match &block.items[0] {
        Item::Repeat { count, body, line } => {
            assert_eq!((*count, body.len(), *line), (100, 3, 1));
            let Item::Step(s) = &body[2] else { panic!() };
            assert_eq!(
                (s.line, s.text.as_str()),
                (4, "Discharge at C/2 until 2.5 V")
            );
        }
        other => panic!("{other:?}"),
    }
    // the two-line example of the specification
    let p = parse(
        "Repeat 100 times:\n    Charge at C/2 until 3.8 V\n    Discharge at C/2 until 2.5 V\n",
    );
    assert_eq!(p.n_steps_expanded(), 200);
}

#[test]
fn nested_repeats_expand_lazily_with_cycle_numbers() {
    let p = parse(
        "Charge at 0.1 mA/cm2 until 3.8 V\n\
         Repeat 3 times:\n\
         \x20   Discharge at C/2 until 2.5 V\n\
         \x20   Repeat 2 times: [Charge at C/2 for 30 min; Rest for 5 min]\n\
         Rest for 1 h\n",
    );
    assert_eq!(p.n_steps_expanded(), 1 + 3 * (1 + 2 * 2) + 1);
    let seen: Vec<(u64, u32, u32, usize)> = p
        .steps()
        .map(|e| (e.index, e.cycle, e.inner_cycle, e.depth))
        .collect();
    assert_eq!(seen.len() as u64, p.n_steps_expanded());
    assert_eq!(seen[0], (0, 0, 0, 0));
    assert_eq!(seen[1], (1, 0, 0, 1)); // first discharge
    assert_eq!(seen[4], (4, 0, 1, 2)); // second inner charge of cycle 0
    assert_eq!(seen[6], (6, 1, 1, 1)); // discharge of cycle 1
    assert_eq!(seen[16], (16, 0, 0, 0)); // final rest
    let huge = parse("Repeat 10000 times: [Repeat 10000 times: [Rest for 1 s]]");
    assert_eq!(huge.n_steps_expanded(), 100_000_000);
    assert_eq!(
        huge.steps().nth(10_001).map(|e| (e.cycle, e.inner_cycle)),
        Some((1, 1))
    );
    // more than MAX_STEPS in all is refused, naming the limit
    let e = Protocol::parse(
        "Repeat 10000000 times: [Repeat 10000000 times: [Rest for 1 s]]",
        "<string>",
    )
    .unwrap_err();
    assert!(e.to_string().contains("1e14 steps"), "{e}");
}

#[test]
fn stops_combine_with_or() {
    assert_eq!(
        one("Charge at C/2 until 3.8 V or 5 h").stops,
        vec![Stop::VoltageAbove(3.8), Stop::Time(5.0 * 3600.0)]
    );
    assert_eq!(
        one("Charge at C/2 for 5 h or until 3.8 V").stops,
        vec![Stop::Time(5.0 * 3600.0), Stop::VoltageAbove(3.8)]
    );
}

#[test]
fn explicit_voltage_direction() {
    assert_eq!(
        one("Charge at C/2 until V > 3.8 V").stops,
        vec![Stop::VoltageAbove(3.8)]
    );
    assert_eq!(
        one("Charge at C/2 until V < 2.5 V").stops,
        vec![Stop::VoltageBelow(2.5)]
    );
    assert_eq!(
        one("Discharge at C/2 until < 2.5 V").stops,
        vec![Stop::VoltageBelow(2.5)]
    );
    assert_eq!(
        one("Discharge at C/2 until voltage >= 3 V").stops,
        vec![Stop::VoltageAbove(3.0)]
    );
    // the value is not checked against the direction
    assert_eq!(
        one("Charge at C/2 until 2.5 V").stops,
        vec![Stop::VoltageAbove(2.5)]
    );
}

#[test]
fn capacity_and_time_stops() {
    let cap = |t: &str| one(&format!("Charge at C/2 until {t}")).stops;
    assert_eq!(
        cap("1 mAh/cm2"),
        vec![Stop::Capacity(CapacityAmount::Areal(si("1 mAh/cm2")))]
    );
    assert_eq!(
        cap("50 mAh/g"),
        vec![Stop::Capacity(CapacityAmount::Specific(si("50 mAh/g")))]
    );
    assert_eq!(
        cap("2 mAh"),
        vec![Stop::Capacity(CapacityAmount::Absolute(7.2))]
    );
    assert_eq!(cap("2 h"), vec![Stop::Time(7200.0)]);
    assert_eq!(one("Charge at C/2 for 2 h").stops, vec![Stop::Time(7200.0)]);
    assert_eq!(si("50 mAh/g"), 180_000.0);
}

#[test]
fn temperature_and_pressure_suffixes() {
    let s = one("Charge at C/2 until 3.8 V at 60 degC under 2 MPa");
    assert_eq!(s.temperature, Some(si("60 degC")));
    assert_eq!(s.pressure, Some(2e6));
    assert_eq!(s.stops, vec![Stop::VoltageAbove(3.8)]);
    let s = one("Discharge at 60 degC at C/2 until 2.5 V");
    assert_eq!(s.mode, Mode::Discharge(Current::CRate(0.5)));
    assert_eq!(s.temperature, Some(si("60 degC")));
}

#[test]
fn set_ambient() {
    let t = one("Set temperature to 60 degC");
    assert_eq!(
        (t.mode, t.temperature, t.pressure),
        (Mode::SetAmbient, Some(si("60 degC")), None)
    );
    assert!(t.stops.is_empty());
    let p = one("Set pressure to 5 MPa");
    assert_eq!(
        (p.mode, p.temperature, p.pressure),
        (Mode::SetAmbient, None, Some(5e6))
    );
    let both = one("set Temperature to 298.15 K and stack pressure to 0.5 MPa");
    assert_eq!((both.temperature, both.pressure), (Some(298.15), Some(5e5)));
}

#[test]
fn comments_blank_lines_semicolons_and_case() {
    let p = parse(
        "# formation\n\n  \nCHARGE at 0.1 mA/cm2 UNTIL 3.8 V   # first plating\r\nrest FOR 1 h; discharge AT c/5 until 2.5 V;\n",
    );
    assert_eq!(p.items.len(), 3);
    let steps: Vec<&Step> = p.steps().map(|e| e.step).collect();
    assert_eq!((steps[0].line, steps[1].line, steps[2].line), (4, 5, 5));
    assert_eq!(steps[0].text, "CHARGE at 0.1 mA/cm2 UNTIL 3.8 V");
    assert_eq!(steps[2].text, "discharge AT c/5 until 2.5 V");
    let text = "# formation\n\n  \nCHARGE at 0.1 mA/cm2 UNTIL 3.8 V   # first plating\r\nrest FOR 1 h; discharge AT c/5 until 2.5 V;\n";
    for s in &steps {
        assert_eq!(&text[s.span.clone()], s.text);
    }
}

#[test]
fn display_is_canonical_text() {
    let p = parse("Set temperature to 25 degC\nplate 1 mAh/cm2 at 0.5 mA/cm2 under 2 MPa\nstrip at 0.5 mA/cm2 until 1 V\nrepeat 2 times: [charge at C/2 until 3.8 V or 5 h; hold at 3.8 V until 0.02 mA/cm2; discharge at 2 mA until 2.5 V]\nRest for 1 h at 60 degC");
    let text = p.to_string();
    assert_eq!(
        text,
        "Set temperature to 25 degC\n\
         Plate 1 mAh/cm2 at 0.5 mA/cm2 under 2 MPa\n\
         Strip at 0.5 mA/cm2 until 1 V\n\
         Repeat 2 times:\n\
         \x20   Charge at C/2 until 3.8 V or 5 h\n\
         \x20   Hold at 3.8 V until 0.02 mA/cm2\n\
         \x20   Discharge at 2 mA until 2.5 V\n\
         Rest for 1 h at 60 degC\n"
    );
    assert_eq!(parse(&text), p);
}

#[test]
fn every_bundled_protocol_parses_from_disk_and_from_the_library() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/protocols");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        n += 1;
        let p = Protocol::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# "),
            "{}: needs a header comment",
            path.display()
        );
        let stem = path.file_stem().unwrap().to_str().unwrap();
        assert_eq!(Protocol::bundled(stem).unwrap(), p, "{stem}");
        assert_eq!(parse(&p.to_string()), p, "{stem}: display round trip");
        assert!(p.n_steps_expanded() > 0);
    }
    assert!(n >= 7, "only {n} protocol files");
}

#[test]
fn bundled_protocols_say_what_they_claim() {
    let b = |n: &str| Protocol::bundled(n).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(b("cc-cycling-c2").n_steps_expanded(), 2000);
    assert_eq!(b("batio3-300-cycles").n_steps_expanded(), 600);
    assert_eq!(b("gitt").n_steps_expanded(), 40);
    assert_eq!(b("first-charge").n_steps_expanded(), 2);
    let sym = b("symmetric-welded");
    assert_eq!(sym.n_steps_expanded(), 400);
    // 1300 h / 200 cycles / 2 half cycles at 0.1 mA/cm2
    let q = 1300.0 / 200.0 / 2.0 * 0.1; // mAh/cm2
    assert!((q - 0.325f64).abs() < 1e-12);
    let first = sym.steps().next().unwrap().step;
    assert_eq!(
        first.stops,
        vec![Stop::Capacity(CapacityAmount::Areal(si("0.325 mAh/cm2")))]
    );
    let cccv = b("cccv");
    let hold = cccv.steps().nth(1).unwrap().step;
    assert_eq!(hold.mode, Mode::Hold(3.8));
    assert_eq!(
        hold.stops,
        vec![Stop::CurrentBelow(Current::CRate(1.0 / 50.0))]
    );
    let dep = b("cu-nzsp-deposition");
    let steps: Vec<&Step> = dep.steps().map(|e| e.step).collect();
    assert_eq!(steps[1].pressure, Some(2e6));
    assert_eq!(
        steps[2].mode,
        Mode::Plate(Current::Density(si("0.2 mA/cm2")))
    );
    assert_eq!(steps[3].stops, vec![Stop::VoltageAbove(1.0)]);
}

#[test]
fn negative_zero_prints_as_zero() {
    // regression (proptest): "-0 V" reads back as +0, so the canonical text must say "0 V"
    let mut p = parse("Charge at 1 mA until V < 0 V");
    if let Item::Step(s) = &mut p.items[0] {
        s.stops = vec![Stop::VoltageBelow(-0.0)];
    }
    assert_eq!(p.to_string(), "Charge at 1 mA until V < 0 V\n");
}
