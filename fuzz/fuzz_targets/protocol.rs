//! Fuzz the experiment-language parser: no input may panic; an accepted protocol prints as
//! canonical text that parses back to an equal protocol; step spans slice the input to the step
//! text; error positions lie inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use natrium::protocol::Protocol;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match Protocol::parse(s, "<fuzz>") {
        Ok(p) => {
            let canon = p.to_string();
            let q = match Protocol::parse(&canon, "<canonical>") {
                Ok(q) => q,
                Err(e) => panic!("accepted {s:?} but not its canonical text {canon:?}:\n{e}"),
            };
            assert_eq!(p, q, "canonical text {canon:?} changes the protocol");
            let _ = p.n_steps_expanded();
            for e in p.steps().take(256) {
                assert_eq!(&s[e.step.span.clone()], e.step.text);
            }
        }
        Err(e) => {
            assert!(e.offset <= s.len());
            let _ = e.to_string();
        }
    }
});
