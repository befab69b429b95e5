//! Output: tables of results streamed to CSV, JSON or Parquet files, run metadata, and per-cycle
//! summaries.
//!
//! * Values given to a sink are `f64` already converted to the column's display unit; each
//!   [`Column`] names its quantity and unit (`"voltage [V]"`). SI → display conversion happens
//!   at the edge, e.g. in [`CycleSummary::to_row`].
//! * Sinks stream: rows go to disk as they come (Parquet keeps one row group in memory), so a
//!   10,000-cycle run needs bounded memory.
//! * Files are written whole or not at all: a sink writes to a temporary file next to the target
//!   and renames it on [`Sink::finish`]; a sink dropped without `finish` (a failed run) leaves
//!   nothing at the target path.
//! * `NaN` means "no value": an empty CSV field, JSON `null`, a Parquet null. ±∞ is written as
//!   `inf`/`-inf` in CSV, `null` in JSON (JSON has no infinities) and as is in Parquet.
//!
//! ```no_run
//! use natrium::output::{sink_for, Column, Schema};
//! let schema = Schema::default()
//!     .with(Column::new("time", "h", "time since start"))
//!     .with(Column::new("voltage", "V", "terminal voltage"));
//! let mut sink = sink_for("run.parquet".as_ref())?;
//! sink.begin(&schema)?;
//! sink.row(&[0.0, 3.1])?;
//! let written = sink.finish()?; // the file appears now
//! # Ok::<(), natrium::output::OutputError>(())
//! ```

mod csv;
mod cycles;
pub mod dir;
mod json;
mod memory;
mod metadata;
mod parquet;
mod schema;
mod thin;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub use self::csv::CsvSink;
pub use self::cycles::{
    summaries_table, summary_extra_names, summary_schema, write_summaries, CycleAccumulator,
    CycleSummary,
};
pub use self::dir::{Manifest, OutputDir};
pub use self::json::JsonSink;
pub use self::memory::{MemoryHandle, MemorySink, Table};
pub use self::metadata::{format_rfc3339, Citation, RunMetadata};
pub use self::parquet::{ParquetSink, DEFAULT_ROW_GROUP_SIZE, METADATA_KEY, SCHEMA_KEY};
pub use self::schema::{Column, Schema};
pub use self::thin::{Thinned, Thinning};

/// File extensions [`sink_for`] understands.
pub const EXTENSIONS: [&str; 3] = [".csv", ".json", ".parquet"];

/// What can go wrong while writing output.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    /// Reading or writing a file failed.
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// A row did not have one value per column. `row` is the 0-based index of the offending
    /// row among the rows accepted so far.
    #[error("{target}: row {row} has {got} values but the table has {expected} columns")]
    RowWidth {
        target: String,
        expected: usize,
        got: usize,
        row: u64,
    },
    /// Another run holds the output directory.
    #[error(
        "{}: another natrium run (process {pid}) is writing into this directory; wait for it, \
         or choose another --out",
        dir.display()
    )]
    Locked { dir: PathBuf, pid: u32 },
    /// The output directory already holds files.
    #[error(
        "{}: the directory already holds {files} file(s){}; choose an empty or new directory, \
         or pass --force to replace {}",
        dir.display(),
        if *earlier_run { " from an earlier natrium run" } else { "" },
        if *earlier_run { "that run's outputs (listed in its manifest; other files are kept)" } else { "(natrium writes beside them and removes nothing)" }
    )]
    NotEmpty {
        dir: PathBuf,
        earlier_run: bool,
        files: usize,
    },
    /// A sink watching the rows asks the run to stop (e.g. a CCD criterion was met); the run
    /// ends with [`crate::simulation::Outcome::Stopped`] and this reason. Not a failure.
    #[error("stop requested: {reason}")]
    StopRequested { reason: String },
    /// `row` or `finish` was called before `begin` gave the columns.
    #[error("{target}: no columns yet; call begin() with the schema before writing rows")]
    NotBegun { target: String },
    /// `begin` was called a second time.
    #[error("{target}: begin() was already called; a sink writes one table")]
    AlreadyBegun { target: String },
    /// The columns cannot be written (none, empty or duplicate names).
    #[error("invalid output columns: {message}")]
    InvalidSchema { message: String },
    /// The Parquet writer failed.
    #[error("{}: Parquet: {message}", path.display())]
    Parquet { path: PathBuf, message: String },
    /// JSON could not be produced or parsed.
    #[error("{}: JSON: {message}", path.display())]
    Json { path: PathBuf, message: String },
    /// [`sink_for`] does not know the file's extension.
    #[error(
        "{}: unknown output format `{found}`; expected a file name ending in {}",
        path.display(),
        expected.join(", ")
    )]
    UnknownExtension {
        path: PathBuf,
        found: String,
        expected: Vec<String>,
    },
}

impl OutputError {
    pub(crate) fn io(path: &Path, err: impl std::fmt::Display) -> OutputError {
        OutputError::Io {
            path: path.to_path_buf(),
            message: err.to_string(),
        }
    }
}

/// A destination for one table streamed row by row.
///
/// Call [`begin`](Sink::begin) once with the columns, [`row`](Sink::row) for each row, then
/// [`finish`](Sink::finish), which makes the files appear and returns their paths. Dropping a
/// sink without finishing discards everything it wrote.
pub trait Sink: Send {
    /// Declare the columns. Must be called exactly once, before any row.
    fn begin(&mut self, schema: &Schema) -> Result<(), OutputError>;
    /// Append one row: exactly one value per column, in display units; `NaN` = no value.
    fn row(&mut self, values: &[f64]) -> Result<(), OutputError>;
    /// Attach run metadata (may be called at any time before `finish`; the last call wins).
    /// Parquet stores it in the file's key-value metadata, JSON under `"metadata"`; CSV has no
    /// place for it (write it next to the CSV with [`RunMetadata::write_json`]).
    fn set_metadata(&mut self, _metadata: &RunMetadata) -> Result<(), OutputError> {
        Ok(())
    }
    /// Complete the files and move them into place; returns the paths written.
    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, OutputError>;
}

/// The sink for a file, chosen by its extension (`.csv`, `.json`, `.parquet`, any case).
/// The temporary file is created now, so an unwritable directory fails before a long run.
pub fn sink_for(path: &Path) -> Result<Box<dyn Sink>, OutputError> {
    sink_with_format(path, NumberFormat::default())
}

/// [`sink_for`] with a number format for the text formats (CSV, JSON).
pub fn sink_with_format(path: &Path, format: NumberFormat) -> Result<Box<dyn Sink>, OutputError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" => Ok(Box::new(CsvSink::create(path)?.with_format(format))),
        "json" => Ok(Box::new(JsonSink::create(path)?.with_format(format))),
        "parquet" => Ok(Box::new(ParquetSink::create(path)?)),
        _ => Err(OutputError::UnknownExtension {
            path: path.to_path_buf(),
            found: if ext.is_empty() {
                String::new()
            } else {
                format!(".{ext}")
            },
            expected: EXTENSIONS.iter().map(|s| s.to_string()).collect(),
        }),
    }
}

/// One sink per path (see [`sink_for`]), fanned out by a [`MultiSink`].
pub fn sinks_for<P: AsRef<Path>>(paths: &[P]) -> Result<MultiSink, OutputError> {
    let sinks = paths
        .iter()
        .map(|p| sink_for(p.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(MultiSink::new(sinks))
}

/// Sends every call to all of its sinks (e.g. a CSV file, a Parquet file and a [`MemorySink`]
/// for plotting).
///
/// A sink that fails is dropped at once (its temporary file is removed, which also frees the
/// space it took on a full disk) and its error kept; the others go on, so one lost output does
/// not lose the rest. A [`OutputError::StopRequested`] is passed on to the caller.
/// [`MultiSink::finish_all`] gives the paths written and every error.
#[derive(Default)]
pub struct MultiSink {
    sinks: Vec<Option<Box<dyn Sink>>>,
    lost: Vec<OutputError>,
}

impl MultiSink {
    pub fn new(sinks: Vec<Box<dyn Sink>>) -> MultiSink {
        MultiSink {
            sinks: sinks.into_iter().map(Some).collect(),
            lost: Vec::new(),
        }
    }
    pub fn push(&mut self, sink: Box<dyn Sink>) {
        self.sinks.push(Some(sink));
    }
    /// Sinks still writing.
    pub fn len(&self) -> usize {
        self.sinks.iter().flatten().count()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Errors of the sinks dropped so far.
    pub fn lost(&self) -> &[OutputError] {
        &self.lost
    }

    fn each(
        &mut self,
        mut f: impl FnMut(&mut dyn Sink) -> Result<(), OutputError>,
    ) -> Result<(), OutputError> {
        let mut stop = None;
        for slot in self.sinks.iter_mut() {
            if let Some(s) = slot.as_deref_mut() {
                match f(s) {
                    Ok(()) => {}
                    Err(e @ OutputError::StopRequested { .. }) => {
                        stop.get_or_insert(e);
                    }
                    Err(e) => {
                        *slot = None;
                        self.lost.push(e);
                    }
                }
            }
        }
        stop.map_or(Ok(()), Err)
    }

    /// Finish every sink still writing: the paths written, and the errors of all sinks that
    /// failed (while running or now).
    pub fn finish_all(self) -> (Vec<PathBuf>, Vec<OutputError>) {
        let mut paths = Vec::new();
        let mut lost = self.lost;
        for s in self.sinks.into_iter().flatten() {
            match s.finish() {
                Ok(p) => paths.extend(p),
                Err(e) => lost.push(e),
            }
        }
        (paths, lost)
    }
}

impl Sink for MultiSink {
    fn begin(&mut self, schema: &Schema) -> Result<(), OutputError> {
        self.each(|s| s.begin(schema))
    }
    fn row(&mut self, values: &[f64]) -> Result<(), OutputError> {
        self.each(|s| s.row(values))
    }
    fn set_metadata(&mut self, metadata: &RunMetadata) -> Result<(), OutputError> {
        self.each(|s| s.set_metadata(metadata))
    }
    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, OutputError> {
        let (paths, mut lost) = self.finish_all();
        if lost.is_empty() {
            Ok(paths)
        } else {
            Err(lost.swap_remove(0))
        }
    }
}

/// Bookkeeping shared by the sinks: begun or not, expected width, rows accepted so far.
#[derive(Debug)]
pub(crate) struct RowCheck {
    target: String,
    width: Option<usize>,
    rows: u64,
    /// A write failed: the file cannot be whole, so `finish` must not publish it.
    poisoned: bool,
}

impl RowCheck {
    pub(crate) fn new(target: impl Into<String>) -> RowCheck {
        RowCheck {
            target: target.into(),
            width: None,
            rows: 0,
            poisoned: false,
        }
    }

    pub(crate) fn begin(&mut self, schema: &Schema) -> Result<(), OutputError> {
        if self.width.is_some() {
            return Err(OutputError::AlreadyBegun {
                target: self.target.clone(),
            });
        }
        schema.validate()?;
        self.width = Some(schema.len());
        Ok(())
    }

    /// Check one row's width and count it.
    pub(crate) fn accept(&mut self, values: &[f64]) -> Result<(), OutputError> {
        let expected = self.begun()?;
        if values.len() != expected {
            return Err(OutputError::RowWidth {
                target: self.target.clone(),
                expected,
                got: values.len(),
                row: self.rows,
            });
        }
        self.rows += 1;
        Ok(())
    }

    /// The width, or `NotBegun`.
    pub(crate) fn begun(&self) -> Result<usize, OutputError> {
        self.width.ok_or_else(|| OutputError::NotBegun {
            target: self.target.clone(),
        })
    }

    pub(crate) fn rows(&self) -> u64 {
        self.rows
    }

    /// Mark the table broken by a failed write.
    pub(crate) fn poison(&mut self) {
        self.poisoned = true;
    }

    /// `Ok` unless a write failed.
    pub(crate) fn healthy(&self) -> Result<(), OutputError> {
        if self.poisoned {
            return Err(OutputError::Io {
                path: self.target.clone().into(),
                message: "an earlier write failed; the file was not kept (it would be incomplete)"
                    .into(),
            });
        }
        Ok(())
    }
}

/// Append a finite `x` in the shortest form that parses back to the same bits: plain decimal
/// for ordinary magnitudes, exponent form (`1.5e-9`) for very small or large ones. Valid as a
/// CSV field and as a JSON number.
pub(crate) fn push_f64(buf: &mut String, x: f64) {
    let a = x.abs();
    if a != 0.0 && !(1e-5..1e16).contains(&a) {
        let _ = write!(buf, "{x:e}");
    } else {
        let _ = write!(buf, "{x}");
    }
}

/// How a sink writes numbers as text (CSV, JSON).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NumberFormat {
    /// Significant digits (3–17); `None` = the shortest form that reads back to the same bits.
    pub digits: Option<u8>,
}

impl NumberFormat {
    /// Append finite `x`: an integer column as a whole number; any other column always with a
    /// decimal point or an exponent (`3.0`, `1e-20`), so that readers infer the same floating
    /// type in every run whatever the values.
    pub(crate) fn push(&self, buf: &mut String, x: f64, integer: bool) {
        if integer && x.fract() == 0.0 && x.abs() < 9.0e15 {
            let _ = write!(buf, "{}", x as i64);
            return;
        }
        let start = buf.len();
        match self.digits {
            None => push_f64(buf, x),
            Some(d) => {
                let d = d.clamp(1, 17) as usize;
                let a = x.abs();
                if a != 0.0 && !(1e-5..1e16).contains(&a) {
                    let _ = write!(buf, "{:.*e}", d - 1, x);
                } else {
                    let mag = if a == 0.0 {
                        0
                    } else {
                        a.log10().floor() as i64
                    };
                    let decimals = (d as i64 - 1 - mag).max(0) as usize;
                    let _ = write!(buf, "{x:.decimals$}");
                    if buf[start..].contains('.') {
                        let trimmed = buf[start..].trim_end_matches('0').len() + start;
                        buf.truncate(trimmed);
                    }
                }
            }
        }
        let written = &buf[start..];
        if !written.contains(['.', 'e', 'E']) {
            buf.push_str(".0");
        } else if written.ends_with('.') {
            buf.push('0');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(x: f64) -> String {
        let mut s = String::new();
        push_f64(&mut s, x);
        s
    }

    #[test]
    fn float_columns_always_read_as_floats_and_digits_round() {
        let f = |x: f64, integer: bool, digits: Option<u8>| {
            let mut s = String::new();
            NumberFormat { digits }.push(&mut s, x, integer);
            s
        };
        assert_eq!(f(3.0, false, None), "3.0");
        assert_eq!(f(0.0, false, None), "0.0");
        assert_eq!(f(-0.0, false, None), "-0.0");
        assert_eq!(f(1e-20, false, None), "1e-20");
        assert_eq!(f(3.0, true, None), "3");
        assert_eq!(f(2.5, true, None), "2.5");
        assert_eq!(f(std::f64::consts::PI, false, Some(4)), "3.142");
        assert_eq!(f(1234.5678, false, Some(3)), "1235.0");
        assert_eq!(f(0.001234567, false, Some(3)), "0.00123");
        assert_eq!(f(2.0, false, Some(6)), "2.0");
        assert_eq!(f(1.23456e-9, false, Some(3)), "1.23e-9");
        for x in [0.1, 3.0, -7.25e-3, 1e300] {
            let s = f(x, false, None);
            assert_eq!(s.parse::<f64>().unwrap(), x);
        }
    }

    #[test]
    fn numbers_are_short_and_round_trip() {
        assert_eq!(fmt(3.0), "3");
        assert_eq!(fmt(0.1), "0.1");
        assert_eq!(fmt(-0.0), "-0");
        assert_eq!(fmt(1e-20), "1e-20");
        assert_eq!(fmt(2.5e17), "2.5e17");
        for x in [
            0.1 + 0.2,
            std::f64::consts::PI,
            1e-5,
            9.999999999999999e-6,
            1e16,
            f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            -1.234e-300,
            123_456_789.123_456_79,
        ] {
            let s = fmt(x);
            assert_eq!(s.parse::<f64>().unwrap().to_bits(), x.to_bits(), "{s}");
            // valid JSON; serde_json without `float_roundtrip` may round the last bit
            let v: f64 = serde_json::from_str(&s).unwrap();
            assert!(v.to_bits().abs_diff(x.to_bits()) <= 1, "json {s}");
        }
    }

    #[test]
    fn unknown_extension_names_the_choices() {
        let err = sink_for(Path::new("out/run.xlsx")).err().unwrap();
        match &err {
            OutputError::UnknownExtension {
                found, expected, ..
            } => {
                assert_eq!(found, ".xlsx");
                assert_eq!(expected.len(), 3);
            }
            e => panic!("{e:?}"),
        }
        assert!(err.to_string().contains(".parquet"));
        assert!(sink_for(Path::new("noext")).is_err());
    }
}
