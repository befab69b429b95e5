//! Plain-text tables for terminal output.

use comfy_table::presets::UTF8_BORDERS_ONLY;
use comfy_table::{ContentArrangement, Table};

/// A table with a header row, sized to the terminal when there is one.
pub fn new(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().map(|s| s.to_string()));
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        t.set_width(160);
    }
    t
}
