//! Command-line arguments (raw; validated by the subcommands).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// natrium — simulate and design all-solid-state anode-free sodium batteries.
///
/// Materials carry their sources; cells are TOML files that reference materials by id; every
/// number printed names its source or is labelled "assumed".
#[derive(Parser, Debug)]
#[command(name = "natrium", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Extra materials directory (same layout as data/materials); its entries add to or replace
    /// the bundled ones.
    #[arg(long, global = true, value_name = "DIR")]
    pub materials: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Browse and check the sourced materials database.
    #[command(subcommand)]
    Materials(MaterialsCmd),
}

#[derive(Subcommand, Debug)]
pub enum MaterialsCmd {
    /// List materials, filtered and sorted.
    ///
    /// Examples:
    ///   natrium materials list --class electrolyte --sort ionic_conductivity --desc
    ///   natrium materials list --class electrolyte --at "60 degC" --where "ionic_conductivity >= 1 mS/cm"
    ///   natrium materials list --class cathode --sort mean_voltage --json
    #[command(verbatim_doc_comment)]
    List(ListArgs),
    /// Show one material with every value, its unit and its source.
    ///
    /// Example: natrium materials show nzsp-34
    #[command(verbatim_doc_comment)]
    Show {
        /// Material id (or an alias or formula, e.g. NZSP or Na3V2(PO4)3).
        id: String,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Search ids, names, formulas, aliases and notes.
    ///
    /// Example: natrium materials search zn
    #[command(verbatim_doc_comment)]
    Search {
        /// Text to look for (case-insensitive).
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Load every data file and check sources, units, bounds and cross-references.
    ///
    /// Example: natrium materials check
    #[command(verbatim_doc_comment)]
    Check,
    /// Print the review's Table 1 (25 all-solid-state Na systems) as data.
    ///
    /// Example: natrium materials table1 --json
    #[command(verbatim_doc_comment)]
    Table1 {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// electrolyte | cathode | collector | interlayer | treatment | additive | anode | metal
    #[arg(long)]
    pub class: Option<String>,
    /// Family within the class, e.g. nasicon, sulfide, layered-oxide.
    #[arg(long)]
    pub family: Option<String>,
    /// Condition on a property, e.g. "ionic_conductivity >= 1 mS/cm" (repeatable).
    #[arg(long = "where", value_name = "COND")]
    pub conditions: Vec<String>,
    /// Sort by a property, e.g. ionic_conductivity, density, mean_voltage.
    #[arg(long)]
    pub sort: Option<String>,
    /// Sort in descending order.
    #[arg(long)]
    pub desc: bool,
    /// Evaluate conductivities at this temperature (Arrhenius), e.g. "60 degC".
    #[arg(long, value_name = "TEMP")]
    pub at: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}
