//! Fuzz the material-file reader: any text is a material or input errors, never a panic; every
//! value of an accepted material is finite; messages stay short.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    match natrium::materials::parse_material(Path::new("fuzz.toml"), s) {
        Ok(m) => {
            for (k, p) in &m.props {
                assert!(p.si.is_finite(), "{k} = {} is not finite", p.si);
            }
        }
        Err(e) => {
            for x in &e.0 {
                assert!(x.to_string().len() < 4096, "message of {} bytes", x.to_string().len());
            }
        }
    }
});
