use super::dims::*;
use super::*;
use proptest::prelude::*;

fn si(s: &str) -> f64 {
    parse_quantity(s)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .value
}

#[test]
fn issue_examples_convert_to_si() {
    // the ten examples of the foundation issue, each against a hand conversion
    assert_eq!(si("12 um"), 12e-6);
    assert_eq!(si("3.2 g/cm3"), 3200.0);
    assert_eq!(si("110 mAh/g"), 110.0 * 3.6 / 1e-3); // 1 mAh = 3.6 C
    assert_eq!(si("5 mS/cm"), 0.5);
    assert_eq!(si("0.1 mA/cm^2"), 1.0);
    assert_eq!(si("2 MPa"), 2e6);
    assert_eq!(si("25 degC"), 298.15);
    assert_eq!(si("0.3 eV"), 0.3 * 1.602_176_634e-19);
    assert_eq!(si("1 h"), 3600.0);
    assert_eq!(si("65 wt%"), 0.65);
}

#[test]
fn dimensions_are_recognised() {
    let cases = [
        ("12 um", LENGTH),
        ("3.2 g/cm3", DENSITY),
        ("110 mAh/g", SPECIFIC_CAPACITY),
        ("5 mS/cm", CONDUCTIVITY),
        ("0.1 mA/cm^2", CURRENT_DENSITY),
        ("2 MPa", PRESSURE),
        ("25 degC", TEMPERATURE),
        ("0.3 eV", ENERGY),
        ("44 kJ/mol", MOLAR_ENERGY),
        ("1 h", TIME),
        ("65 wt%", DIMENSIONLESS),
        ("1.3 MPa m^0.5", FRACTURE_TOUGHNESS),
        ("1.3 MPa√m", FRACTURE_TOUGHNESS),
        ("785 ohm cm^2", AREAL_RESISTANCE),
        ("785 Ω·cm²", AREAL_RESISTANCE),
        ("-0.21 cm^3/Ah", VOLUME_PER_CHARGE),
        ("8 USD/kg", PRICE_PER_MASS),
        ("3 uAh/cm^2/h^0.5", PARABOLIC_AREAL_CHARGE_RATE),
        ("1e-14 m^2/s", DIFFUSIVITY),
        ("0.53 MPa^-5/s", CREEP_PREFACTOR_N5),
        ("1e10 Pa/m", AREAL_STIFFNESS),
        ("300 Wh/kg", SPECIFIC_ENERGY),
        ("800 Wh/L", ENERGY_DENSITY),
        ("100 USD/kWh", PRICE_PER_ENERGY),
        ("5 mS cm^-1", CONDUCTIVITY),
        ("5 mS cm-1", CONDUCTIVITY),
        ("8.314 J/mol K", Dimension::new(2, 1, -2, 0, -1, -1, 0)),
        ("8.314 J/(mol K)", Dimension::new(2, 1, -2, 0, -1, -1, 0)),
        ("0.9", DIMENSIONLESS),
        ("1e22 1/m^2/s", Dimension::new(-2, 0, -1, 0, 0, 0, 0)),
        ("1e22 1/(m^2 s)", Dimension::new(-2, 0, -1, 0, 0, 0, 0)),
        ("3 1/s", FREQUENCY),
    ];
    for (s, d) in cases {
        let q = parse_quantity(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(q.dim, d, "{s}");
    }
}

#[test]
fn hand_conversions() {
    assert_eq!(si("1.2e-3 S/cm"), 0.12);
    assert_eq!(si("1.2·10^-3 S/cm"), 0.12);
    assert_eq!(si("1.2×10^-3 S/cm"), 0.12);
    assert_eq!(si("298.15 K"), 298.15);
    assert_eq!(si("97.8 °C"), 97.8 + 273.15);
    assert_eq!(si("0.886 cm^3/Ah"), 0.886e-6 / 3600.0);
    approx::assert_relative_eq!(si("3 uAh/cm^2/h^0.5"), 1.8, max_relative = 1e-15);
    assert_eq!(si("1 mAh/cm^2"), 36_000.0);
    assert_eq!(si("10 Å"), 1e-9);
    assert_eq!(si("1 bar"), 1e5);
    assert_eq!(si("0.8 M"), 800.0);
    assert_eq!(si("30 min"), 1800.0);
    assert_eq!(si("2 day"), 172800.0);
    assert_eq!(si("50 %"), 0.5);
    assert_eq!(si("41166 USD/t"), 41.166);
    // cm^0.5 is an exact decimal (0.1 m^0.5); mm^0.5 needs sqrt(10) in its factor
    assert_eq!(si("1 MPa cm^0.5"), 1e5);
    let v = si("1 MPa mm^0.5");
    approx::assert_relative_eq!(v, 1e6 * 1e-3f64.sqrt(), max_relative = 1e-15);
}

#[test]
fn decimal_units_convert_with_one_rounding() {
    // 5 mS/cm must be exactly the double nearest 0.5, with no accumulated error
    assert_eq!(si("5 mS/cm").to_bits(), 0.5f64.to_bits());
    assert_eq!(si("0.1 mA/cm^2").to_bits(), 1.0f64.to_bits());
    assert_eq!(
        si("1.7 um").to_bits(),
        "1.7e-6".parse::<f64>().unwrap().to_bits()
    );
}

#[test]
fn dimension_check_errors_name_value_and_expectation() {
    let e = parse_as("5 mS", CONDUCTIVITY).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("\"5 mS\""), "{msg}");
    assert!(msg.contains("conductance"), "{msg}");
    assert!(msg.contains("expected conductivity"), "{msg}");
    assert!(msg.contains("5 mS/cm"), "{msg}");

    let e = parse_as("12", LENGTH).unwrap_err();
    assert!(matches!(e, UnitError::MissingUnit { .. }));
    assert!(
        e.to_string().contains("has no unit; expected length"),
        "{e}"
    );

    let e = parse_quantity("3 mAh/gg").unwrap_err();
    match &e {
        UnitError::UnknownUnit {
            symbol,
            pos,
            suggestion,
            ..
        } => {
            assert_eq!(symbol, "gg");
            assert_eq!(*pos, 6);
            assert!(suggestion.is_some());
        }
        other => panic!("{other:?}"),
    }
    let e = parse_quantity("abc").unwrap_err();
    assert!(matches!(e, UnitError::BadNumber { pos: 0, .. }), "{e:?}");
    assert!(matches!(parse_quantity("").unwrap_err(), UnitError::Empty));
    assert!(matches!(
        parse_quantity("25 degC/s").unwrap_err(),
        UnitError::AffineInCompound { .. }
    ));
    assert!(matches!(
        parse_quantity("1 m^0.3").unwrap_err(),
        UnitError::Syntax { .. }
    ));
    assert!(matches!(
        parse_quantity("1 m//s").unwrap_err(),
        UnitError::Syntax { .. }
    ));
    assert!(matches!(
        parse_quantity("1e999 m").unwrap_err(),
        UnitError::NotFinite { .. }
    ));
}

#[test]
fn activation_energy_in_either_unit() {
    let (v, d) = parse_any_of("0.3 eV", &[ENERGY, MOLAR_ENERGY]).unwrap();
    assert_eq!(d, ENERGY);
    assert_eq!(v, 0.3 * ELEMENTARY_CHARGE);
    let (v, d) = parse_any_of("29 kJ/mol", &[ENERGY, MOLAR_ENERGY]).unwrap();
    assert_eq!(d, MOLAR_ENERGY);
    assert_eq!(v, 29_000.0);
}

#[test]
fn format_examples() {
    assert_eq!(format_in(0.5, "mS/cm").unwrap(), "5 mS/cm");
    assert_eq!(format_in(1.0, "mA/cm^2").unwrap(), "0.1 mA/cm^2");
    assert_eq!(format_in(298.15, "degC").unwrap(), "25 degC");
    assert_eq!(format_in(3600.0, "h").unwrap(), "1 h");
    assert_eq!(format_sig(0.12, "mS/cm", 3).unwrap(), "1.20 mS/cm");
}

const DECIMAL_UNITS: &[&str] = &[
    "m",
    "um",
    "nm",
    "cm",
    "g/cm3",
    "S/cm",
    "mS/cm",
    "mA/cm^2",
    "MPa",
    "kPa",
    "GPa",
    "mV",
    "V",
    "mol/m^3",
    "m^2/s",
    "cm^2/s",
    "ohm cm^2",
    "uF/cm^2",
    "mg/cm^2",
    "kJ/mol",
    "J/m^2",
    "%",
    "MPa m^0.5",
    "mm",
    "Pa/m",
    "",
];
const SCALED_UNITS: &[&str] = &[
    "mAh/g",
    "mAh/cm^2",
    "h",
    "min",
    "eV",
    "degC",
    "Wh/kg",
    "cm^3/Ah",
    "uAh/cm^2/h^0.5",
    "psi",
];

proptest! {
    #[test]
    fn format_then_parse_is_exact_for_decimal_units(
        x in prop::num::f64::NORMAL,
        k in 0..DECIMAL_UNITS.len(),
    ) {
        let u = DECIMAL_UNITS[k];
        let text = format_in(x, u).unwrap();
        let back = parse_quantity(&text).unwrap();
        prop_assert_eq!(back.value.to_bits(), x.to_bits(), "{} -> {}", x, text);
    }

    #[test]
    fn format_then_parse_is_within_two_ulp_for_scaled_units(
        x in -1e12f64..1e12,
        k in 0..SCALED_UNITS.len(),
    ) {
        let u = SCALED_UNITS[k];
        let text = format_in(x, u).unwrap();
        let back = parse_quantity(&text).unwrap().value;
        let tol = 4.0 * f64::EPSILON * x.abs().max(273.15);
        prop_assert!((back - x).abs() <= tol, "{} -> {} -> {}", x, text, back);
    }

    #[test]
    fn parse_never_panics(s in "\\PC{0,24}") {
        let _ = parse_quantity(&s);
    }

    #[test]
    fn parse_never_panics_on_unit_like_input(
        n in -1e6f64..1e6,
        u in "[a-zA-Z%µΩ°/^*· ()0-9.+-]{0,12}",
    ) {
        let s = format!("{n} {u}");
        if let Ok(q) = parse_quantity(&s) {
            prop_assert!(q.value.is_finite());
        }
    }

    #[test]
    fn prefix_scaling_is_exact(m in 1u32..1_000_000, e in -12i32..12) {
        // "m e E um" must equal the literal with exponent E-6
        let a = parse_quantity(&format!("{m}e{e} um")).unwrap().value;
        let b: f64 = format!("{m}e{}", e - 6).parse().unwrap();
        prop_assert_eq!(a.to_bits(), b.to_bits());
    }
}

#[test]
fn superscript_exponents_are_capped_like_the_others_and_no_factor_is_nan() {
    // regression: superscripts up to 999 were accepted and "km⁹⁹⁹" gave a NaN factor
    for s in ["1 km⁹⁹⁹", "1 m³³", "1 s⁻⁹⁹", "1 m^(99/1)", "1 m^33"] {
        assert!(parse_quantity(s).is_err(), "{s} accepted");
    }
    for s in ["1 m³²", "1 m⁻³", "1 m^(3/2)", "1 cm^-2"] {
        let q = parse_quantity(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert!(q.value.is_finite() && q.value > 0.0, "{s}");
    }
}
