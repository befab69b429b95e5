//! Fuzz `natrium::units::parse_quantity` (and `parse_unit`): no input may panic, a parsed value
//! is finite, and an error position lies inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use natrium::units;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match units::parse_quantity(s) {
        Ok(q) => assert!(q.value.is_finite(), "{s:?} parsed to {q:?}"),
        Err(e) => {
            if let Some(p) = e.position() {
                assert!(
                    p <= s.len(),
                    "{s:?}: error position {p} beyond the input: {e}"
                );
            }
            let _ = e.to_string();
        }
    }
    if let Ok(u) = units::parse_unit(s) {
        assert!(
            u.factor.is_finite() && u.offset.is_finite(),
            "{s:?} -> {u:?}"
        );
    }
});
