//! The phenomena of the negative interface, their variants (kebab-case) and the
//! `[model.interface]` keys each one reads. One table: the keys a design may set, the check
//! made when a design is read (with line numbers) and the option reference
//! (docs/physics/interface-options.md) all come from it.

use std::path::Path;

use crate::error::InputError;

/// One phenomenon: its option key, variants (the first is the usual default), the parameter
/// keys its variants read, and what it is.
#[derive(Debug, Clone, Copy)]
pub struct Phenomenon {
    pub key: &'static str,
    pub variants: &'static [&'static str],
    pub params: &'static [&'static str],
    pub doc: &'static str,
}

/// Every phenomenon of the interface.
pub const PHENOMENA: &[Phenomenon] = &[
    Phenomenon {
        key: "creep",
        variants: &["sodium"],
        params: &["void_spacing", "grain_size", "creep_activation"],
        doc: "creep law of the metal (power law + diffusional, thin-film constraint)",
    },
    Phenomenon {
        key: "kinetics",
        variants: &["double-layer"],
        params: &["exchange_current", "double_layer_capacitance"],
        doc: "charge transfer with the double layer of the interface",
    },
    Phenomenon {
        key: "constriction",
        variants: &["holm", "none"],
        params: &["spot_radius"],
        doc: "spreading resistance of the contact spots, plus films and interphases in series",
    },
    Phenomenon {
        key: "nucleation",
        variants: &["classical", "none"],
        params: &[
            "surface_energy",
            "wetting",
            "nucleation_prefactor",
            "nucleation_sites",
        ],
        doc: "nucleation of sodium on the collector and growth of the islands (JMAK)",
    },
    Phenomenon {
        key: "contact",
        variants: &["void-creep", "none"],
        params: &[
            "initial_contact",
            "contact_minimum",
            "void_opening",
            "conformity",
            "film_resistance",
        ],
        doc: "contact of the metal with the electrolyte: preparation, voids, creep",
    },
    Phenomenon {
        key: "isolation",
        variants: &["contact", "none"],
        params: &[],
        doc: "sodium stranded where contact is lost, reconnected where it returns",
    },
    Phenomenon {
        key: "interphase",
        variants: &["self-limiting", "growing", "none"],
        params: &[
            "interphase_capacity",
            "interphase_thickness_per_charge",
            "interphase_conductivity",
        ],
        doc: "reduction of the electrolyte by sodium, with the interphase's resistance",
    },
    Phenomenon {
        key: "storage",
        variants: &["sodiation", "none"],
        params: &[
            "storage_capacity",
            "storage_irreversible",
            "storage_potential",
        ],
        doc: "sodium taken up by a carbon or alloying interlayer on the first charge",
    },
    Phenomenon {
        key: "oxide",
        variants: &["first-charge", "none"],
        params: &[],
        doc: "reduction of the collector's native oxide on the first charge",
    },
    Phenomenon {
        key: "pores",
        variants: &["trapping", "none"],
        params: &["pore_depth"],
        doc: "sodium plated into open pores of the collector and trapped there",
    },
    Phenomenon {
        key: "inventory",
        variants: &["plated-metal"],
        params: &["connected_layer"],
        doc: "the sodium metal in electronic and ionic contact",
    },
    Phenomenon {
        key: "dendrite",
        variants: &["filament", "none"],
        params: &["flaw_size", "fracture_toughness"],
        doc: "sodium filaments through flaws of the separator, and extrusion under pressure",
    },
    Phenomenon {
        key: "fluctuation",
        variants: &["none", "delamination"],
        params: &["fluctuation_rate", "fluctuation_amplitude", "seed"],
        doc: "random local delamination during plating (seeded)",
    },
    Phenomenon {
        key: "counter_contact",
        variants: &["void-creep", "none"],
        params: &[],
        doc: "contact of the counter electrode of a half cell (the same law as the working side)",
    },
];

/// The phenomenon with option key `key`.
pub fn phenomenon(key: &str) -> Option<&'static Phenomenon> {
    PHENOMENA.iter().find(|p| p.key == key)
}

/// Whether `key` is a parameter some variant reads.
pub fn is_parameter(key: &str) -> bool {
    PHENOMENA.iter().any(|p| p.params.contains(&key))
}

/// Every key a `[model.interface]` table may hold.
pub fn keys() -> Vec<&'static str> {
    let mut k: Vec<&'static str> = PHENOMENA.iter().map(|p| p.key).collect();
    for p in PHENOMENA {
        k.extend(p.params.iter().copied());
    }
    k
}

/// Check a `[model.interface]` table: every key known, every variant valid, `seed` a
/// non-negative integer. Values of parameters are checked when the model is built.
pub fn check_table(file: &Path, table: &toml::Table) -> Result<(), InputError> {
    let keys = keys();
    let err = |k: &str, m: String| InputError::new(file, format!("model.interface.{k}"), m);
    for (k, v) in table {
        if let Some(p) = phenomenon(k) {
            match v {
                toml::Value::String(s) if p.variants.contains(&s.as_str()) => {}
                other => {
                    let shown = match other {
                        toml::Value::String(s) => s.clone(),
                        x => x.to_string(),
                    };
                    return Err(err(
                        k,
                        format!("\"{shown}\": expected one of {}", p.variants.join(", ")),
                    )
                    .with_value(shown));
                }
            }
        } else if k == "seed" {
            if !matches!(v, toml::Value::Integer(i) if *i >= 0) {
                return Err(err(k, format!("{v}: expected a non-negative integer")));
            }
        } else if !keys.contains(&k.as_str()) {
            let hint = crate::materials::closest_name(k, &keys)
                .map(|c| format!(" (did you mean `{c}`?)"))
                .unwrap_or_default();
            return Err(err(
                k,
                format!(
                    "unknown interface option{hint}; phenomena: {}",
                    PHENOMENA
                        .iter()
                        .map(|p| p.key)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_kebab_variants() {
        let k = keys();
        let mut sorted = k.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), k.len(), "a key is registered twice");
        for p in PHENOMENA {
            for v in p.variants {
                assert!(v.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{v}");
            }
        }
    }

    #[test]
    fn the_option_reference_names_every_key() {
        let doc = include_str!("../../../../../docs/physics/interface-options.md");
        for k in keys() {
            assert!(
                doc.contains(&format!("`{k}`")),
                "docs/physics/interface-options.md lacks `{k}`"
            );
        }
        for p in PHENOMENA {
            for v in p.variants {
                assert!(
                    doc.contains(&format!("`{v}`")),
                    "docs lack variant `{v}` of {}",
                    p.key
                );
            }
        }
    }

    #[test]
    fn a_typo_and_a_bad_variant_are_named() {
        let t: toml::Table = toml::from_str("nucleaton = \"none\"").unwrap();
        let e = check_table(Path::new("c.toml"), &t)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("model.interface.nucleaton") && e.contains("nucleation"),
            "{e}"
        );
        let t: toml::Table = toml::from_str("contact = \"glue\"").unwrap();
        let e = check_table(Path::new("c.toml"), &t)
            .unwrap_err()
            .to_string();
        assert!(e.contains("void-creep, none"), "{e}");
    }
}
