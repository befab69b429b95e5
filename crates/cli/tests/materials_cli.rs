//! `natrium materials` through the binary: list (with filters and sort), show, search, check
//! and table1, as text and JSON.

mod common;

use common::{approx_eq, json, ok};

#[test]
fn materials_list_show_search_check_table1() {
    let out = ok(&["materials", "list"]);
    assert!(out.contains("nzsp-34") && out.contains("nvp"), "{out}");
    // JSON: every material, each with its id, class and sourced properties
    let v = json(&ok(&["materials", "list", "--json"]));
    let list = v.as_array().expect("array");
    assert!(list.len() >= 130, "{} materials", list.len());
    assert!(list
        .iter()
        .all(|m| m["id"].is_string() && m["class"].is_string()));
    // filters and sort: electrolytes ≥ 1 mS/cm, descending conductivity
    let v = json(&ok(&[
        "materials",
        "list",
        "--class",
        "electrolyte",
        "--where",
        "ionic_conductivity >= 1 mS/cm",
        "--sort",
        "ionic_conductivity",
        "--desc",
        "--json",
    ]));
    let els = v.as_array().unwrap();
    assert!(!els.is_empty());
    let sig: Vec<f64> = els
        .iter()
        .map(|m| {
            m["properties"]["ionic_conductivity"]["si"]
                .as_f64()
                .unwrap()
        })
        .collect();
    assert!(sig.iter().all(|s| *s >= 0.1), "{sig:?}"); // 1 mS/cm = 0.1 S/m
    assert!(sig.windows(2).all(|w| w[0] >= w[1]), "not sorted: {sig:?}");
    assert!(els.iter().all(|m| m["class"] == "electrolyte"));

    let out = ok(&["materials", "show", "nzsp-34"]);
    assert!(out.contains("5 mS/cm") && out.contains("ref. 114"), "{out}");
    let m = json(&ok(&["materials", "show", "nzsp-34", "--json"]));
    assert_eq!(m["id"], "nzsp-34");
    approx_eq(
        m["properties"]["ionic_conductivity"]["si"]
            .as_f64()
            .unwrap(),
        0.5,
    );
    // lookup by alias/formula
    let m = json(&ok(&["materials", "show", "Na3V2(PO4)3", "--json"]));
    assert_eq!(m["id"], "nvp");

    let v = json(&ok(&["materials", "search", "zn", "--json"]));
    let hits = v.as_array().unwrap();
    assert!(hits.iter().any(|m| m["id"] == "zn-doping"), "{v}");
    assert!(ok(&["materials", "search", "welding"]).contains("ultrasound-welding"));

    let out = ok(&["materials", "check"]);
    assert!(out.contains("all checks pass"), "{out}");

    let out = ok(&["materials", "table1"]);
    assert!(
        out.contains("Na3Zr2Si2PO12") || out.contains("nzsp"),
        "{out}"
    );
    let v = json(&ok(&["materials", "table1", "--json"]));
    assert_eq!(
        v.as_array().map(|a| a.len()),
        Some(25),
        "Table 1 has 25 rows"
    );
}

#[test]
fn where_condition_in_molar_units_is_compared_per_particle() {
    // 30 kJ/mol = 0.3109 eV per particle: both thresholds select the same electrolytes
    let count = |cond: &str| -> String {
        let out = ok(&[
            "materials",
            "list",
            "--class",
            "electrolyte",
            "--where",
            cond,
        ]);
        out.lines().last().unwrap_or_default().to_string()
    };
    let molar = count("activation_energy < 30 kJ/mol");
    assert_eq!(molar, count("activation_energy < 0.3109 eV"));
    assert_ne!(molar, count("activation_energy < 0.0001 eV"));
}
