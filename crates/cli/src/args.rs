//! Command-line arguments (raw; validated by the subcommands).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// natrium — simulate and design all-solid-state anode-free sodium batteries.
///
/// Materials carry their sources; cells are TOML files that reference materials by id; every
/// number printed names its source or is labelled "assumed".
#[derive(Parser, Debug)]
#[command(name = "natrium", version, about, long_about = None, propagate_version = true)]
#[command(after_help = "Examples:
  natrium materials list --class electrolyte --sort ionic_conductivity --desc
  natrium materials show nzsp-34
  natrium cells show nvp-nzsp-batio3c-al
  natrium forecast nvp-nzsp-thin-target
  natrium forecast --table1 --csv out/table1.csv
  natrium simulate nvp-nzsp-batio3c-al --protocol first-charge --out out/first
Each command's --help has more examples, e.g. natrium forecast --help")]
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
    #[command(
        subcommand,
        after_help = "Examples:
  natrium materials list --class electrolyte --at \"60 degC\" --where \"ionic_conductivity >= 1 mS/cm\"
  natrium materials show nzsp-34
  natrium materials search zn
  natrium materials check
  natrium materials table1 --json"
    )]
    Materials(MaterialsCmd),
    /// List, check and explain cell designs (TOML files referencing materials by id).
    #[command(
        subcommand,
        after_help = "Examples:
  natrium cells list
  natrium cells show nvp-nzsp-batio3c-al
  natrium cells show data/cells/nvp-nzsp-thin-target.toml --json"
    )]
    Cells(CellsCmd),
    /// Forecast energy density, swelling, cost and cycle life of a design against Na-metal,
    /// Na-ion and Li counterparts, or re-forecast every system of the review's Table 1.
    ///
    /// Examples:
    ///   natrium forecast data/cells/nvp-nzsp-batio3c-al.toml
    ///   natrium forecast nvp-nzsp-thin-target --csv out/forecast.csv --plot out/forecast
    ///   natrium forecast nvp-nzsp-thin-target --ce 99.95% --na-excess 50% --json
    ///   natrium forecast --table1 --csv out/table1.csv --plot out/table1
    #[command(verbatim_doc_comment)]
    Forecast(ForecastArgs),
    /// Simulate an experiment on a cell: time series, cycle summary, metadata and plots.
    ///
    /// The protocol is a file, a bundled protocol name, or the text itself:
    ///   natrium simulate nvp-nzsp-batio3c-al --protocol first-charge --out out/first
    ///   natrium simulate data/cells/nvp-nzsp-thin-target.toml --protocol cc-cycling-c2 --out out/cc
    ///   natrium simulate na-nzsp-na-welded --protocol "Repeat 10 times: [Plate 0.1 mAh/cm2 at 0.1 mA/cm2; Strip 0.1 mAh/cm2 at 0.1 mA/cm2]"
    /// Writes timeseries.csv (and .parquet/.json with --format), cycles.csv, metadata.json and
    /// PNG+SVG plots into --out. A short circuit or other model event ends the run as a result;
    /// a solver failure keeps everything computed before it and exits with status 1.
    #[command(verbatim_doc_comment)]
    Simulate(SimulateArgs),
    /// Time the engine on this machine: median wall time of a 1C discharge and of repeated C/2
    /// cycling of a bundled design (release builds only give meaningful numbers).
    ///
    /// Example: natrium bench --cycles 1000 --repeat 5
    #[command(verbatim_doc_comment)]
    Bench(BenchArgs),
}

#[derive(Args, Debug)]
pub struct SimulateArgs {
    /// Cell file, or the name of a bundled design (see `natrium cells list`).
    pub cell: String,
    /// Protocol file, bundled protocol name (see data/protocols), or protocol text.
    #[arg(long, short, default_value = "first-charge")]
    pub protocol: String,
    /// Output directory.
    #[arg(long, short, default_value = "out")]
    pub out: PathBuf,
    /// Time-series formats, comma separated: csv, json, parquet.
    #[arg(long, default_value = "csv", value_delimiter = ',')]
    pub format: Vec<String>,
    /// Write only one row per protocol step (its end) instead of every solver step.
    #[arg(long)]
    pub step_ends: bool,
    /// Minimum time between time-series rows, e.g. "30 s" (default: every solver step).
    #[arg(long, value_name = "TIME")]
    pub min_interval: Option<String>,
    /// Do not draw plots.
    #[arg(long)]
    pub no_plots: bool,
    /// Relative tolerance of the solver (default 1e-6).
    #[arg(long)]
    pub rtol: Option<f64>,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Cell file or bundled design.
    #[arg(long, default_value = "nvp-nzsp-thin-target")]
    pub cell: String,
    /// Number of C/2 cycles in the cycling benchmark.
    #[arg(long, default_value_t = 1000)]
    pub cycles: u32,
    /// Repetitions (the median is reported).
    #[arg(long, default_value_t = 5)]
    pub repeat: u32,
    /// Relative tolerance (default: the model's, 1e-6).
    #[arg(long)]
    pub rtol: Option<f64>,
    /// Absolute tolerance per unit of state scale (default 1e-6).
    #[arg(long)]
    pub atol: Option<f64>,
}

#[derive(Subcommand, Debug)]
pub enum CellsCmd {
    /// List the bundled cell designs.
    ///
    /// Example: natrium cells list
    #[command(verbatim_doc_comment)]
    List,
    /// Validate a design and show what natrium derives from it (volume fractions, loading,
    /// areal capacity, layer thicknesses) with warnings.
    ///
    /// Example: natrium cells show data/cells/nvp-nzsp-batio3c-al.toml
    #[command(verbatim_doc_comment)]
    Show {
        /// Cell file, or the name of a bundled design (e.g. nvp-nzsp-batio3c-al).
        cell: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug)]
pub struct ForecastArgs {
    /// Cell file, or the name of a bundled design (see `natrium cells list`).
    #[arg(required_unless_present = "table1")]
    pub cell: Option<String>,
    /// Re-forecast every Table 1 system as an anode-free cell on one standard stack.
    #[arg(long, conflicts_with = "cell")]
    pub table1: bool,
    /// Sodium excess of the Na-metal comparison cell, e.g. "100 %".
    #[arg(long, value_name = "FRACTION")]
    pub na_excess: Option<String>,
    /// N/P ratio of the Na-ion (hard carbon) comparison cell, e.g. 1.1.
    #[arg(long, value_name = "RATIO")]
    pub np: Option<String>,
    /// Coulombic efficiency per cycle for the cycle-life estimate, e.g. "99.9 %".
    #[arg(long, value_name = "FRACTION")]
    pub ce: Option<String>,
    /// First-cycle Coulombic efficiency, e.g. "95 %".
    #[arg(long, value_name = "FRACTION")]
    pub first_ce: Option<String>,
    /// Only the design itself, without comparison cells.
    #[arg(long)]
    pub no_compare: bool,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Also write the comparison as CSV to this file.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Also write a bar chart as STEM.png and STEM.svg.
    #[arg(long, value_name = "STEM")]
    pub plot: Option<PathBuf>,
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
