//! `natrium cells` through the binary: every bundled design listed and shown, and a JSON
//! snapshot of one resolved design.

mod common;

use common::{approx_eq, designs, json, ok};

#[test]
fn cells_list_and_show_every_bundled_design() {
    let out = ok(&["cells", "list"]);
    let names = designs();
    assert!(names.len() >= 6, "{names:?}");
    for n in &names {
        assert!(out.contains(n.as_str()), "{n} not listed:\n{out}");
        let show = ok(&["cells", "show", n]);
        assert!(show.contains("design is valid"), "{n}:\n{show}");
        let v = json(&ok(&["cells", "show", n, "--json"]));
        assert!(v["type"].is_string() && v["separator"]["thickness_m"].as_f64().unwrap() > 0.0);
    }
    assert!(!out.contains("invalid"), "{out}");
}

#[test]
fn cells_show_json_snapshot() {
    // the resolved anode-free design of review ref. 54 (stable: data + validation only)
    let v = json(&ok(&["cells", "show", "nvp-nzsp-batio3c-al", "--json"]));
    // hand check of the derived loading before the snapshot: 0.5 mAh/cm² at 110 mAh/g
    // → 4.545 mg/cm² of NVP
    approx_eq(
        v["cathode"]["active_loading_kg_per_m2"].as_f64().unwrap(),
        0.5 / 110.0 * 10.0,
    );
    insta::assert_json_snapshot!("cells_show_nvp_nzsp_batio3c_al", v);
}
