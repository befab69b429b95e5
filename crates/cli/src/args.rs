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
    /// Writes timeseries.csv (and .parquet/.json with --format), cycles.csv, metadata.json,
    /// PNG+SVG plots and natrium-manifest.json into --out, which must be new or empty (or hold
    /// an earlier run's outputs and --force). Whatever ends the run, what was computed is
    /// written whole; metadata.json says how it ended ("outcome").
    /// Ctrl-C (SIGINT/SIGTERM) stops at the end of the step, a second one at once.
    /// Exit status:
    ///   0    the protocol ran to its end
    ///   1    solver failure, or a step never reached its stop (results up to there written)
    ///   2    bad input, or a run refused (e.g. above sodium's melting point)
    ///   3    the cell ended the run (short circuit, depleted counter electrode): a result
    ///   4    an output could not be written (e.g. disk full); the message lists what was lost
    ///   130  interrupted; the outputs are marked "interrupted"
    #[command(verbatim_doc_comment)]
    Simulate(SimulateArgs),
    /// Critical current density of a half cell: a current staircase (or ramp) in one direction
    /// until a failure criterion fires, or a pass/fail map over stack pressure × current density.
    ///
    /// The cell must be symmetric (Na|SE|Na) or a deposition cell (collector|SE|Na); the
    /// working electrode is its [negative] side. "plating" drives Na onto the working electrode
    /// (the counter strips); "stripping" removes it (a deposition cell is first pre-plated).
    /// Criteria, first to fire wins:
    ///   short circuit   the dendrite model's sodium filament crosses the separator
    ///   overpotential   |V| (working vs counter, separator ohmic drop included) > --voltage-limit
    ///   contact loss    an electrode's contact fraction fell below --contact-floor × its best
    ///   sodium depleted the stripping electrode ran out of sodium (inventory, not a rate limit)
    ///   solver failure  numerical, reported as such
    /// The CCD is the last current density passed.
    ///
    /// Examples:
    ///   natrium ccd na-nzsp-na-welded
    ///   natrium ccd na-nzsp-na-welded --direction stripping --start 0.05mA/cm2 \
    ///       --step 0.05mA/cm2 --dwell 30min --max 2mA/cm2 --out out/ccd
    ///   natrium ccd cu-nzsp34-na-deposition --mode ramp --rate 0.1mA/cm2/h --json
    ///   natrium ccd na-nzsp-na-welded --direction stripping --map --pressures 0.5,1,2,4MPa \
    ///       --currents 0.1,0.2,0.5,1mA/cm2 --out out/map
    #[command(verbatim_doc_comment)]
    Ccd(Box<CcdArgs>),
    /// Time the engine on this machine: median wall time of a 1C discharge and of repeated
    /// cycling of a design (C/2 between 3.8 and 2.5 V unless --cycle says otherwise), with the
    /// solver's step counts (release builds only give meaningful numbers).
    ///
    /// Example: natrium bench --cycles 1000 --repeat 5
    ///   natrium bench --cell nvp-nzsp-batio3c-al --every-submodel --cycles 100 \
    ///       --cycle "Charge at 0.1 mA/cm2 until 3.8 V; Discharge at 0.1 mA/cm2 until 2.0 V"
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
    /// Interval at which a cycler would log the voltage, e.g. "1 s" (the default) or "0.1 s":
    /// cycles.csv reports the nucleation dip as such a trace shows it, next to the dip of the
    /// unsampled solution.
    #[arg(long, value_name = "TIME", default_value = "1 s")]
    pub sample_interval: String,
    /// Do not draw plots.
    #[arg(long)]
    pub no_plots: bool,
    /// Set a [model] option of the design, as in its TOML (repeatable; dotted keys reach
    /// sub-tables), e.g. `--model cathode=spm --model particle_shells=20
    /// --model interface.fluctuation=delamination`.
    #[arg(long = "model", value_name = "KEY=VALUE")]
    pub model: Vec<String>,
    /// Relative tolerance of the solver, 1e-10 to 1e-2 (default 1e-6).
    #[arg(long, value_parser = crate::cmd::parse_rtol)]
    pub rtol: Option<f64>,
    /// Absolute tolerance of the solver in units of each state's typical size, 1e-12 to 1e-2
    /// (default 1e-6).
    #[arg(long, value_parser = crate::cmd::parse_atol)]
    pub atol: Option<f64>,
    /// Significant digits of the numbers in CSV and JSON time series, 3 to 17 (default: the
    /// shortest form that reads back to the same binary value).
    #[arg(long, value_name = "DIGITS", value_parser = clap::value_parser!(u8).range(3..=17))]
    pub digits: Option<u8>,
    /// Replace the outputs of an earlier run in --out (the files its manifest lists; other
    /// files are kept). Without it a non-empty --out is refused.
    #[arg(long)]
    pub force: bool,
    /// No progress bar or summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct CcdArgs {
    /// Cell file, or the name of a bundled design (symmetric or deposition cell).
    pub cell: String,
    /// plating (Na onto the working electrode) or stripping (Na off it).
    #[arg(long, short, default_value = "plating")]
    pub direction: String,
    /// staircase or ramp.
    #[arg(long, default_value = "staircase")]
    pub mode: String,
    /// First current density of the staircase [default: 0.05 mA/cm2].
    #[arg(long, value_name = "CURRENT_DENSITY")]
    pub start: Option<String>,
    /// Increment per step: a current density ("0.05 mA/cm2") or a factor ("x1.5")
    /// [default: 0.05 mA/cm2].
    #[arg(long, value_name = "INCREMENT")]
    pub step: Option<String>,
    /// Duration of each step (and of each map test) [default: 30 min].
    #[arg(long, value_name = "TIME", conflicts_with = "capacity")]
    pub dwell: Option<String>,
    /// Charge per area of each step (and of each map test) instead of --dwell, e.g. "0.1 mAh/cm2".
    #[arg(long, value_name = "AREAL_CAPACITY")]
    pub capacity: Option<String>,
    /// Largest current density [default: 5 mA/cm2].
    #[arg(long, value_name = "CURRENT_DENSITY")]
    pub max: Option<String>,
    /// Ramp rate for --mode ramp, e.g. "0.1 mA/cm2/h" [default: 0.1 mA/cm2/h].
    #[arg(long, value_name = "RATE")]
    pub rate: Option<String>,
    /// Limit of |V| between working and counter electrode [default: 1 V].
    #[arg(long, value_name = "VOLTAGE")]
    pub voltage_limit: Option<String>,
    /// Contact loss fires when a contact fraction falls below this fraction of its best value in
    /// the test (e.g. "50 %" or 0.5; 0 = off) [default: 50 %].
    #[arg(long, value_name = "FRACTION")]
    pub contact_floor: Option<String>,
    /// Stack pressure instead of the design's, e.g. "2 MPa".
    #[arg(long, value_name = "PRESSURE", conflicts_with = "map")]
    pub pressure: Option<String>,
    /// Temperature instead of the design's, e.g. "60 degC".
    #[arg(long, value_name = "TEMPERATURE")]
    pub temperature: Option<String>,
    /// Capacity pre-plated on a deposition cell before a stripping test
    /// [default: 110 % of what the test strips, at most 80 % of the counter's sodium].
    #[arg(long, value_name = "AREAL_CAPACITY")]
    pub preplate: Option<String>,
    /// Current density of the pre-plating [default: 0.1 mA/cm2].
    #[arg(long, value_name = "CURRENT_DENSITY")]
    pub preplate_current: Option<String>,
    /// Map mode: one constant-current test (--dwell or --capacity) per stack pressure × current
    /// density on the fresh cell, plus a staircase CCD per pressure (--start, --step, --max).
    #[arg(long, requires_all = ["pressures", "currents"])]
    pub map: bool,
    /// Stack pressures of the map, e.g. "0.5,1,2,4MPa" (a bare number takes the last unit).
    #[arg(long, value_name = "LIST")]
    pub pressures: Option<String>,
    /// Current densities of the map, e.g. "0.1,0.2,0.5,1mA/cm2".
    #[arg(long, value_name = "LIST")]
    pub currents: Option<String>,
    /// In map mode, skip the staircase CCD per pressure.
    #[arg(long, requires = "map")]
    pub no_staircase: bool,
    /// Write CSV, JSON and PNG+SVG plots into this directory.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Relative tolerance of the solver (default: the model's).
    #[arg(long)]
    pub rtol: Option<f64>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct BenchArgs {
    /// Cell file or bundled design.
    #[arg(long, default_value = "nvp-nzsp-thin-target")]
    pub cell: String,
    /// Number of cycles in the cycling benchmark.
    #[arg(long, default_value_t = 1000)]
    pub cycles: u32,
    /// Protocol steps of one cycle (repeated --cycles times).
    #[arg(
        long,
        value_name = "STEPS",
        default_value = "Charge at C/2 until 3.8 V; Discharge at C/2 until 2.5 V"
    )]
    pub cycle: String,
    /// Switch on every submodel that is off by default: seeded delamination fluctuations
    /// (`[model.interface] fluctuation = "delamination"`) and, unless the design has a fixture,
    /// a fixed-gap fixture of 1e10 Pa/m.
    #[arg(long)]
    pub every_submodel: bool,
    /// Set a [model] option of the design, as in its TOML (repeatable; dotted keys reach
    /// sub-tables), e.g. `--model cathode=spm --model particle_shells=20
    /// --model interface.fluctuation=delamination`.
    #[arg(long = "model", value_name = "KEY=VALUE")]
    pub model: Vec<String>,
    /// Skip the 1C discharge benchmark.
    #[arg(long)]
    pub no_discharge: bool,
    /// Repetitions (the median is reported).
    #[arg(long, default_value_t = 5)]
    pub repeat: u32,
    /// Relative tolerance (default: the model's, 1e-6).
    #[arg(long)]
    pub rtol: Option<f64>,
    /// Absolute tolerance per unit of state scale (default 1e-6).
    #[arg(long)]
    pub atol: Option<f64>,
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
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
