//! Property tests of the experiment language: Display∘parse is the identity on protocols, and no
//! input makes the parser panic.

use natrium::protocol::{CapacityAmount, Current, Item, Mode, Protocol, Step, Stop};
use proptest::prelude::*;

/// Positive finite values: round decimals, the usual range, and any normal or subnormal double.
fn positive() -> impl Strategy<Value = f64> {
    prop_oneof![
        (1u32..100_000).prop_map(|n| n as f64 / 1000.0),
        1e-9f64..1e9,
        prop::num::f64::POSITIVE | prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL,
    ]
}

/// Any finite value (voltages may be negative, e.g. a working electrode against Na).
fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-5000i32..5000).prop_map(|n| n as f64 / 1000.0),
        -10.0f64..10.0,
        prop::num::f64::POSITIVE
            | prop::num::f64::NEGATIVE
            | prop::num::f64::NORMAL
            | prop::num::f64::SUBNORMAL
            | prop::num::f64::ZERO,
    ]
}

fn current() -> impl Strategy<Value = Current> {
    prop_oneof![
        positive().prop_map(Current::Density),
        positive().prop_map(Current::Absolute),
        positive().prop_map(Current::CRate),
        (2u32..200).prop_map(|n| Current::CRate(1.0 / n as f64)),
    ]
}

fn capacity() -> impl Strategy<Value = CapacityAmount> {
    prop_oneof![
        positive().prop_map(CapacityAmount::Areal),
        positive().prop_map(CapacityAmount::Absolute),
        positive().prop_map(CapacityAmount::Specific),
    ]
}

fn galvanostatic_stop() -> impl Strategy<Value = Stop> {
    prop_oneof![
        finite().prop_map(Stop::VoltageAbove),
        finite().prop_map(Stop::VoltageBelow),
        capacity().prop_map(Stop::Capacity),
        positive().prop_map(Stop::Time),
    ]
}

fn hold_stop() -> impl Strategy<Value = Stop> {
    prop_oneof![
        current().prop_map(Stop::CurrentBelow),
        capacity().prop_map(Stop::Capacity),
        positive().prop_map(Stop::Time),
    ]
}

fn temperature() -> impl Strategy<Value = f64> {
    prop_oneof![(-50i32..200).prop_map(|c| c as f64 + 273.15), positive(),]
}

fn pressure() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), positive()]
}

fn mk(mode: Mode, stops: Vec<Stop>, temperature: Option<f64>, pressure: Option<f64>) -> Step {
    Step {
        mode,
        stops,
        temperature,
        pressure,
        text: String::new(),
        line: 0,
        span: 0..0,
    }
}

fn step() -> impl Strategy<Value = Step> {
    let suffix = || {
        (
            prop::option::of(temperature()),
            prop::option::of(pressure()),
        )
    };
    prop_oneof![
        (
            0u8..4,
            current(),
            prop::collection::vec(galvanostatic_stop(), 1..4),
            suffix()
        )
            .prop_map(|(k, c, stops, (t, p))| {
                let mode = match k {
                    0 => Mode::Charge(c),
                    1 => Mode::Discharge(c),
                    2 => Mode::Plate(c),
                    _ => Mode::Strip(c),
                };
                mk(mode, stops, t, p)
            }),
        (
            finite(),
            current(),
            prop::collection::vec(hold_stop(), 0..3),
            suffix()
        )
            .prop_map(|(v, c, mut stops, (t, p))| {
                // a Hold needs a current or time stop
                stops.insert(0, Stop::CurrentBelow(c));
                mk(Mode::Hold(v), stops, t, p)
            }),
        (prop::collection::vec(positive(), 1..3), suffix()).prop_map(|(ts, (t, p))| {
            mk(Mode::Rest, ts.into_iter().map(Stop::Time).collect(), t, p)
        }),
        (prop::option::of(temperature()), pressure(), any::<u8>()).prop_map(|(t, p, k)| {
            // at least one of the two
            let p = if t.is_none() || k % 2 == 0 {
                Some(p)
            } else {
                None
            };
            mk(Mode::SetAmbient, Vec::new(), t, p)
        }),
    ]
}

fn items() -> impl Strategy<Value = Vec<Item>> {
    let leaf = step().prop_map(Item::Step);
    let tree = leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            3 => step().prop_map(Item::Step),
            1 => (prop_oneof![1u32..5, Just(10_000_000u32)], prop::collection::vec(inner, 1..5))
                .prop_map(|(count, body)| Item::Repeat { count, body, line: 0 }),
        ]
    });
    prop::collection::vec(tree, 1..6).prop_map(|mut items| {
        fit(&mut items);
        items
    })
}

/// Steps an item list expands to (saturating).
fn count(items: &[Item]) -> u64 {
    items
        .iter()
        .map(|it| match it {
            Item::Step(_) => 1,
            Item::Repeat { count: n, body, .. } => (*n as u64).saturating_mul(count(body)),
        })
        .fold(0u64, u64::saturating_add)
}

/// Lower repeat counts until the whole expands to at most `MAX_STEPS` steps (the parser refuses
/// more).
fn fit(items: &mut [Item]) {
    for it in items.iter_mut() {
        if let Item::Repeat { count: c, body, .. } = it {
            fit(body);
            let per = count(body).max(1);
            let allowed = (natrium::protocol::MAX_STEPS / 8 / per).max(1);
            if *c as u64 > allowed {
                *c = allowed.min(u32::MAX as u64) as u32;
            }
        }
    }
}

/// Words, numbers, units and punctuation of the language, to build near-valid inputs.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Charge",
            "Discharge",
            "Hold",
            "Rest",
            "Plate",
            "Strip",
            "Set",
            "Repeat",
            "times",
            "at",
            "until",
            "for",
            "or",
            "under",
            "to",
            "and",
            "temperature",
            "pressure",
            "V",
            "mV",
            "mA/cm2",
            "mA",
            "A",
            "C/5",
            "0.2C",
            "2 C",
            "C/",
            "C",
            "mAh/cm2",
            "mAh/g",
            "mAh",
            "h",
            "min",
            "s",
            "hours",
            "degC",
            "°C",
            "K",
            "MPa",
            "kg",
            ">",
            "<",
            ">=",
            "I",
            "|I|",
            ";",
            "[",
            "]",
            ":",
            "#",
            "\n",
            "\n    ",
            "\n\t",
            "  ",
            "-",
            "µ",
            "^",
            "^-2",
            "e",
            "1e400",
            "1e-400",
            "0",
            "10000000",
            "99999999999999999999",
            "×10^",
            "/",
            "(",
            ")",
        ])
        .prop_map(str::to_string),
        any::<f64>().prop_map(|x| format!("{x}")),
        (0u32..10_000).prop_map(|n| format!("{}", n as f64 / 100.0)),
        "\\PC{0,4}",
    ]
}

fn check_error(text: &str, e: &natrium::protocol::ParseError) {
    if e.line == 0 {
        return;
    }
    assert!(e.offset <= text.len());
    assert!(text.is_char_boundary(e.offset));
    assert!(
        e.column >= 1 && e.column <= e.line_text.chars().count() + 1,
        "{e}"
    );
    assert_eq!(text[..e.offset].matches('\n').count() + 1, e.line);
    let _ = e.to_string();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn display_then_parse_is_identity(items in items()) {
        let p = Protocol { items, source: "<generated>".to_string() };
        let text = p.to_string();
        let q = Protocol::parse(&text, "<generated>")
            .unwrap_or_else(|e| panic!("canonical text does not parse:\n{text}\n{e}"));
        prop_assert_eq!(&q, &p, "text:\n{}", text);
        // the canonical text is a fixed point
        prop_assert_eq!(q.to_string(), text);
        prop_assert_eq!(q.n_steps_expanded(), p.n_steps_expanded());
    }

    #[test]
    fn arbitrary_strings_never_panic(text in "\\PC{0,200}") {
        match Protocol::parse(&text, "<fuzz>") {
            Ok(p) => { let _ = p.to_string(); }
            Err(e) => check_error(&text, &e),
        }
    }

    #[test]
    fn near_valid_inputs_never_panic_and_accepted_ones_round_trip(
        toks in prop::collection::vec(token(), 0..40),
        seps in prop::collection::vec(prop::sample::select(vec![" ", "", "  "]), 40),
    ) {
        let mut text = String::new();
        for (t, s) in toks.iter().zip(&seps) {
            text.push_str(t);
            text.push_str(s);
        }
        match Protocol::parse(&text, "<fuzz>") {
            Ok(p) => {
                for e in p.steps().take(1000) {
                    prop_assert_eq!(&text[e.step.span.clone()], e.step.text.as_str());
                }
                let canon = p.to_string();
                let q = Protocol::parse(&canon, "<canon>")
                    .unwrap_or_else(|e| panic!("accepted {text:?} but not its canonical text:\n{canon}\n{e}"));
                prop_assert_eq!(q, p);
            }
            Err(e) => check_error(&text, &e),
        }
    }

    #[test]
    fn mutated_canonical_text_never_panics(
        items in items(),
        cuts in prop::collection::vec((any::<prop::sample::Index>(), 0usize..6, token()), 1..4),
    ) {
        let mut text = Protocol { items, source: String::new() }.to_string();
        for (at, len, tok) in cuts {
            let mut a = at.index(text.len() + 1);
            while !text.is_char_boundary(a) { a -= 1; }
            let mut b = (a + len).min(text.len());
            while !text.is_char_boundary(b) { b -= 1; }
            text.replace_range(a..b, &tok);
        }
        match Protocol::parse(&text, "<mutated>") {
            Ok(p) => {
                let canon = p.to_string();
                let q = Protocol::parse(&canon, "<canon>")
                    .unwrap_or_else(|e| panic!("accepted {text:?} but not its canonical text:\n{canon}\n{e}"));
                prop_assert_eq!(q, p);
            }
            Err(e) => check_error(&text, &e),
        }
    }
}
