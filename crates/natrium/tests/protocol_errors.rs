//! Error positions (line, character column) and messages of the protocol parser.

use natrium::protocol::{ParseError, Protocol};

fn err(text: &str) -> ParseError {
    match Protocol::parse(text, "test.txt") {
        Ok(p) => panic!("accepted {text:?}:\n{p}"),
        Err(e) => e,
    }
}

/// Asserts line, column and message; the byte offset must lie on the reported line and column.
fn check(text: &str, line: usize, column: usize, message: &str) -> ParseError {
    let e = err(text);
    assert_eq!((e.line, e.column), (line, column), "{e}");
    assert_eq!(e.message, message, "{e}");
    let line_start = text[..e.offset].rfind('\n').map_or(0, |i| i + 1);
    assert_eq!(text[line_start..e.offset].chars().count() + 1, e.column);
    assert_eq!(e.source_name, "test.txt");
    e
}

#[test]
fn unknown_keyword_with_suggestion() {
    let e = check(
        "Rest for 1 h\nChrage at 0.1 mA/cm2 until 3.8 V",
        2,
        1,
        "unknown instruction \"Chrage\" (did you mean \"Charge\"?); expected one of Charge, Discharge, Hold, Rest, Plate, Strip, Set, Repeat",
    );
    assert_eq!(e.line_text, "Chrage at 0.1 mA/cm2 until 3.8 V");
    assert_eq!(e.offset, 13);
    check("Repeat 2 times:\n    Discharge at C/2 until 2.5 V\n    Rset for 1 h", 3, 5,
        "unknown instruction \"Rset\" (did you mean \"Rest\"?); expected one of Charge, Discharge, Hold, Rest, Plate, Strip, Set, Repeat");
    check(
        "Charge at C/2 untill 3.8 V",
        1,
        15,
        "unknown word \"untill\" (did you mean \"until\"?)",
    );
    check(
        "Repeat 3 tims: [Rest for 1 h]",
        1,
        10,
        "expected \"times\" after the repeat count, found \"tims\" (did you mean \"times\"?)",
    );
    check("Set temprature to 60 degC", 1, 5, "expected \"temperature\" or \"pressure\" after \"Set\", found \"temprature\" (did you mean \"temperature\"?)");
}

#[test]
fn bad_unit_points_into_the_quantity() {
    check(
        "Charge at 0.1 mA/cm2 until 3.8 Vv",
        1,
        32,
        "unknown unit \"Vv\" (did you mean \"V\"?)",
    );
    // columns count characters, not bytes ("°" and "µ" are two bytes each)
    check(
        "Rest for 1 h at 25 °C; Charge at 1 µA until 3.8 Vx",
        1,
        49,
        "unknown unit \"Vx\" (did you mean \"V\"?)",
    );
    check(
        "Repeat 2 times:\n    Discharge at 1.2.3 mA until 2 V",
        2,
        21,
        "in \"1.2.3 mA\": expected a unit symbol",
    );
    check(
        "Charge at 0.1 mA/cm^ until 3 V",
        1,
        21,
        "in \"0.1 mA/cm^\": expected a number after '^'",
    );
    check(
        "Rest for 1.5 hourz",
        1,
        14,
        "unknown unit \"hourz\" (did you mean \"hour\"?)",
    );
}

#[test]
fn missing_stop() {
    let e = check("Charge at 0.1 mA/cm2", 1, 21,
        "this Charge never ends: add a stop condition, e.g. \"until 3.8 V\", \"until 1 mAh/cm2\" or \"for 2 h\"");
    assert_eq!(e.offset, 20);
    check(
        "Rest for 1 h\n  # indented comment\nRest  ",
        3,
        5,
        "a Rest needs a duration, e.g. \"Rest for 1 h\"",
    );
    check("Hold at 3.8 V at 25 degC", 1, 25,
        "this Hold never ends: add a current or time stop, e.g. \"until 0.02 mA/cm2\", \"until C/50\" or \"for 2 h\"");
    check("Hold at 3.8 V until 1 mAh/cm2", 1, 30,
        "a Hold needs a current or time stop (\"until 0.02 mA/cm2\", \"or 2 h\"): a capacity alone may never be reached while the current decays");
    check("Charge at 1 mA until", 1, 21,
        "expected a stop condition: a voltage (\"3.8 V\"), a capacity (\"1 mAh/cm2\", \"50 mAh/g\", \"2 mAh\") or a time (\"2 h\") after \"until\"");
    check("Charge until 3.8 V", 1, 7,
        "Charge needs a current after \"at\": a current density (\"0.1 mA/cm2\"), a current (\"2 mA\") or a C-rate (\"C/5\", \"0.2C\")");
}

#[test]
fn wrong_dimension() {
    check("Charge at 0.1 mA/cm2 until 3.8 mA", 1, 28,
        "a current stop applies only to Hold; a Charge runs at fixed current: stop it on a voltage (\"3.8 V\"), a capacity (\"1 mAh/cm2\", \"50 mAh/g\", \"2 mAh\") or a time (\"2 h\")");
    check("Charge at 3.8 V until 4 V", 1, 11,
        "expected a current density (\"0.1 mA/cm2\"), a current (\"2 mA\") or a C-rate (\"C/5\", \"0.2C\"); \"3.8 V\" is a voltage");
    check("Charge at C/2 until 5 kg", 1, 21,
        "expected a voltage (\"3.8 V\"), a capacity (\"1 mAh/cm2\", \"50 mAh/g\", \"2 mAh\") or a time (\"2 h\") after \"until\"; \"5 kg\" is a mass");
    check("Rest for 1 V", 1, 10,
        "expected a duration such as \"2 h\" after \"for\"; \"1 V\" is a voltage (use \"until\" for voltage, current and capacity stops)");
    check("Hold at 3.8 V until 3.7 V", 1, 21,
        "a Hold is at fixed voltage, so a voltage cannot end it: stop it on current (\"until 0.02 mA/cm2\", \"until C/50\") or time (\"for 2 h\")");
    check("Charge at C/2 until 3.8 V at 50 MPa", 1, 30,
        "expected a temperature such as \"60 degC\" after this \"at\"; \"50 MPa\" is a pressure (a stack pressure goes after \"under\": \"under 2 MPa\")");
    check(
        "Set pressure to 60 degC",
        1,
        17,
        "expected a stack pressure such as \"5 MPa\"; \"60 degC\" is a temperature",
    );
    check(
        "Charge at C/2 until V > 3.8 mA",
        1,
        23,
        "\"V\" compares a voltage, but the value is a current",
    );
}

#[test]
fn signs_and_magnitudes() {
    check("Discharge at -1 mA until 2.5 V", 1, 14,
        "magnitudes only: write the current without a sign; the direction comes from the step (Charge/Discharge, Plate/Strip)");
    check(
        "Discharge at 0 mA until 2.5 V",
        1,
        14,
        "the current must be positive (for no current use \"Rest\")",
    );
    check(
        "Charge at C/0 until 3 V",
        1,
        13,
        "the C-rate divisor must be a positive number",
    );
    check("Rest for -1 h", 1, 10, "a duration must be positive");
    check(
        "Plate at 1 mA/cm2 until -1 mAh/cm2",
        1,
        25,
        "magnitudes only: a capacity is written without a sign (the direction comes from the step)",
    );
    check(
        "Charge at 1 mA until 3.8 V at -300 degC",
        1,
        31,
        "a temperature must be above absolute zero",
    );
    check(
        "Plate 1 mAh/cm2 at 1 mA/cm2 under -1 MPa",
        1,
        35,
        "a stack pressure cannot be negative",
    );
}

#[test]
fn repeats_and_structure() {
    check(
        "Repeat 0 times: [Rest for 1 h]",
        1,
        8,
        "the repeat count must be at least 1",
    );
    check(
        "Repeat 10000001 times: [Rest for 1 h]",
        1,
        8,
        "at most 10000000 repetitions (got 10000001); nest repeats for more",
    );
    check(
        "Repeat 1.5 times: [Rest for 1 h]",
        1,
        8,
        "the repeat count must be a whole number",
    );
    check(
        "Repeat 2 times: []",
        1,
        17,
        "empty repeat body: put the instructions to repeat between the brackets",
    );
    check("Rest for 1 h\nRepeat 2 times:\nRest for 1 h", 2, 16,
        "empty repeat body: indent the instructions to repeat on the lines below, or give them in brackets: \"Repeat 3 times: [Charge at C/2 until 3.8 V; Discharge at C/2 until 2.5 V]\"");
    // regression (cargo-fuzz): a block body holding only separators
    check("Repeat 4 :\n    ;# Rest for 1 h\nRest for 1 h", 1, 11,
        "empty repeat body: indent the instructions to repeat on the lines below, or give them in brackets: \"Repeat 3 times: [Charge at C/2 until 3.8 V; Discharge at C/2 until 2.5 V]\"");
    check("Repeat 3 times: [Rest for 1 h", 1, 30,
        "missing ']' to close the '[' at column 17 (an inline repeat body must end on its line; use an indented block for longer bodies)");
    check("Rest for 1 h at 25 °C; Repeat 3 times: [Rest for 1 h", 1, 53,
        "missing ']' to close the '[' at column 40 (an inline repeat body must end on its line; use an indented block for longer bodies)");
    check("Rest for 1 h]", 1, 13, "unexpected ']': no '[' is open");
    check(
        "Rest for 1 h\n  Rest for 1 h",
        2,
        3,
        "unexpected indentation: only the lines under a \"Repeat N times:\" line are indented",
    );
    check(
        "Repeat 2 times:\n        Rest for 1 h\n    Rest for 1 h",
        3,
        5,
        "this line's indentation matches no enclosing block",
    );
    let deep = format!(
        "{}Rest for 1 h{}",
        "Repeat 2 times: [".repeat(33),
        "]".repeat(33)
    );
    check(
        &deep,
        1,
        32 * 17 + 1,
        "repeats nested too deeply (at most 32 levels)",
    );
    // regression (proptest): a line of separators only
    check(
        ";  ;\n;",
        1,
        1,
        "empty protocol: expected at least one instruction, e.g. \"Charge at 0.1 mA/cm2 until 3.8 V\"",
    );
    let e = err("\n# only comments\n");
    assert_eq!((e.line, e.column), (0, 0));
    assert!(e.message.starts_with("empty protocol"));
}

#[test]
fn display_shows_location_line_and_caret() {
    let e = err("Rest for 1 h\n\tCharge at 0.1 mA/cm2 until 3.8 Vv");
    // the tab is indentation (4 columns) but not a block: reported before the unit
    assert_eq!(
        e.to_string(),
        "test.txt:2:2: unexpected indentation: only the lines under a \"Repeat N times:\" line are indented\n\
         \tCharge at 0.1 mA/cm2 until 3.8 Vv\n\
         \t^"
    );
    let e = err("Charge at 0.1 mA/cm2 until 3.8 Vv");
    assert_eq!(
        e.to_string(),
        "test.txt:1:32: unknown unit \"Vv\" (did you mean \"V\"?)\n\
         Charge at 0.1 mA/cm2 until 3.8 Vv\n\
         \x20                              ^"
    );
    let e = Protocol::load("/nonexistent/protocol.txt").unwrap_err();
    assert_eq!(e.line, 0);
    assert!(
        e.to_string()
            .starts_with("/nonexistent/protocol.txt: cannot read the file"),
        "{e}"
    );
}

#[test]
fn parse_error_converts_to_input_error() {
    let e = err("Charge at 0.1 mA/cm2");
    let ie: natrium::InputError = e.into();
    assert_eq!(ie.line, Some(1));
    assert!(ie.to_string().contains("column 21"), "{ie}");
}
