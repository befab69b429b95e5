//! A design's text with every optional negative-interface submodel switched on: the reference
//! workload of the "all submodels" benchmarks (issue 4: 1000 anode-free cycles with every
//! submodel on).
//!
//! Submodels on by default (nucleation, void–creep contact, isolation, filaments, the reduction
//! interphase of the electrolyte's family, interlayer storage, oxide and pore trapping where the
//! design has the layer, cathode contact loss) stay as they are; this adds the two that are off
//! by default: seeded delamination fluctuations and a fixed-gap fixture whose pressure follows
//! the cell's volume change.

/// Fixture added when the design has none: areal stiffness of a stiff lab cell holder
/// (assumed; the value the fixed-gap validation test uses).
pub const EVERY_SUBMODEL_FIXTURE: &str =
    "[fixture]\nkind = \"fixed-gap\"\nstiffness = \"1e10 Pa/m\"\n";

/// `text` with `fluctuation = "delamination"` in its `[model.interface]` table (created if
/// missing) and, unless it already has a `[fixture]`, a fixed-gap fixture.
pub fn with_every_submodel(text: &str) -> String {
    let line = "fluctuation = \"delamination\"";
    let mut out = String::with_capacity(text.len() + 128);
    let mut done = false;
    let mut has_fixture = false;
    for l in text.lines() {
        out.push_str(l);
        out.push('\n');
        let t = l.trim();
        has_fixture |= t == "[fixture]";
        if !done && t == "[model.interface]" {
            out.push_str(line);
            out.push('\n');
            done = true;
        }
    }
    if !done {
        out.push_str("\n[model.interface]\n");
        out.push_str(line);
        out.push('\n');
    }
    if !has_fixture {
        out.push('\n');
        out.push_str(EVERY_SUBMODEL_FIXTURE);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_the_fluctuation_to_an_existing_interface_table_and_a_fixture() {
        let t = with_every_submodel("name = \"x\"\n[model.interface]\nseed = 3\n");
        let v: toml::Value = toml::from_str(&t).unwrap();
        assert_eq!(
            v["model"]["interface"]["fluctuation"].as_str(),
            Some("delamination")
        );
        assert_eq!(v["model"]["interface"]["seed"].as_integer(), Some(3));
        assert_eq!(v["fixture"]["kind"].as_str(), Some("fixed-gap"));
    }

    #[test]
    fn keeps_a_design_s_own_fixture() {
        let t = with_every_submodel("name = \"x\"\n[fixture]\nkind = \"constant-pressure\"\n");
        let v: toml::Value = toml::from_str(&t).unwrap();
        assert_eq!(v["fixture"]["kind"].as_str(), Some("constant-pressure"));
        assert_eq!(
            v["model"]["interface"]["fluctuation"].as_str(),
            Some("delamination")
        );
    }
}
