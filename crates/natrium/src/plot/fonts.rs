//! The embedded font: DejaVu Sans (regular and bold, from the `dejavu` crate) registered once with
//! plotters' `ab_glyph` text backend under the family name `sans-serif`. No system font library
//! (fontconfig, freetype) is involved, so text renders the same on every machine.

use std::sync::OnceLock;

use plotters::style::{register_font, FontStyle};

use super::PlotError;

/// The family name under which the embedded font is registered.
pub const FAMILY: &str = "sans-serif";

static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();

/// Register the embedded fonts (once per process; later calls are free).
pub(crate) fn ensure() -> Result<(), PlotError> {
    REGISTERED
        .get_or_init(|| {
            register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular())
                .map_err(|_| "embedded DejaVu Sans regular could not be parsed".to_string())?;
            register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold())
                .map_err(|_| "embedded DejaVu Sans bold could not be parsed".to_string())?;
            Ok(())
        })
        .clone()
        .map_err(|message| PlotError::Backend {
            title: "(font registration)".into(),
            message,
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn fonts_register_idempotently() {
        super::ensure().unwrap();
        super::ensure().unwrap();
    }
}
