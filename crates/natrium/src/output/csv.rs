//! CSV sink: a header line of unit-labelled names, then one line per row.

use std::path::{Path, PathBuf};

use super::{NumberFormat, OutputError, RowCheck, Schema, Sink};
use crate::fsutil::AtomicFile;

/// Streams rows to a CSV file (comma-separated, `\n` line ends, RFC 4180 quoting of names).
///
/// Numbers use the shortest form that reads back to the same `f64`; `NaN` is an empty field;
/// ±∞ is `inf`/`-inf`. The file appears at its path only on [`Sink::finish`].
pub struct CsvSink {
    path: PathBuf,
    writer: ::csv::Writer<AtomicFile>,
    check: RowCheck,
    scratch: String,
    format: NumberFormat,
    integer: Vec<bool>,
}

impl CsvSink {
    /// Start a CSV file at `path` (its directory is created; the temporary file is opened now).
    pub fn create(path: &Path) -> Result<CsvSink, OutputError> {
        let file = AtomicFile::create(path).map_err(|e| OutputError::io(path, e))?;
        let writer = ::csv::WriterBuilder::new()
            .has_headers(false)
            .terminator(::csv::Terminator::Any(b'\n'))
            .buffer_capacity(1 << 16)
            .from_writer(file);
        Ok(CsvSink {
            path: path.to_path_buf(),
            writer,
            check: RowCheck::new(path.display().to_string()),
            scratch: String::with_capacity(64),
            format: NumberFormat::default(),
            integer: Vec::new(),
        })
    }

    /// Write numbers with this format (set before the first row).
    pub fn with_format(mut self, format: NumberFormat) -> CsvSink {
        self.format = format;
        self
    }

    /// The target path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn csv_err(&self, e: ::csv::Error) -> OutputError {
        OutputError::io(&self.path, e)
    }
}

impl Sink for CsvSink {
    fn begin(&mut self, schema: &Schema) -> Result<(), OutputError> {
        self.check.begin(schema)?;
        self.integer = schema.iter().map(|c| c.integer).collect();
        self.writer
            .write_record(schema.iter().map(|c| c.name.as_bytes()))
            .map_err(|e| self.csv_err(e))
    }

    fn row(&mut self, values: &[f64]) -> Result<(), OutputError> {
        self.check.accept(values)?;
        for (k, &x) in values.iter().enumerate() {
            self.scratch.clear();
            if x.is_finite() {
                self.format.push(&mut self.scratch, x, self.integer[k]);
            } else if x.is_infinite() {
                self.scratch.push_str(if x > 0.0 { "inf" } else { "-inf" });
            } // NaN: empty field
            if let Err(e) = self.writer.write_field(self.scratch.as_bytes()) {
                self.check.poison();
                return Err(self.csv_err(e));
            }
        }
        let r = self.writer.write_record(None::<&[u8]>);
        r.map_err(|e| {
            self.check.poison();
            self.csv_err(e)
        })
    }

    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, OutputError> {
        self.check.begun()?;
        self.check.healthy()?;
        let path = self.path;
        let file = self
            .writer
            .into_inner()
            .map_err(|e| OutputError::io(&path, e.error()))?;
        let written = file.commit().map_err(|e| OutputError::io(&path, e))?;
        Ok(vec![written])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Column;

    fn schema() -> Schema {
        Schema::default()
            .with(Column::new("time", "s", "time"))
            .with(Column::new("voltage", "V", "terminal voltage"))
    }

    #[test]
    fn header_and_rows() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        let mut s = Box::new(CsvSink::create(&p).unwrap());
        s.begin(&schema()).unwrap();
        s.row(&[0.0, 3.25]).unwrap();
        s.row(&[1.5, f64::NAN]).unwrap();
        s.row(&[f64::INFINITY, 1e-20]).unwrap();
        assert!(!p.exists());
        assert_eq!(s.finish().unwrap(), vec![p.clone()]);
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text, "time [s],voltage [V]\n0.0,3.25\n1.5,\ninf,1e-20\n");
    }

    #[test]
    fn names_with_commas_are_quoted() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("q.csv");
        let mut s = Box::new(CsvSink::create(&p).unwrap());
        s.begin(&Schema::default().with(Column::new("a, b", "", "")))
            .unwrap();
        s.row(&[1.0]).unwrap();
        s.row(&[f64::NAN]).unwrap();
        s.finish().unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(text, "\"a, b\"\n1.0\n\"\"\n");
    }

    #[test]
    fn finish_before_begin_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("n.csv");
        let s = Box::new(CsvSink::create(&p).unwrap());
        assert!(matches!(s.finish(), Err(OutputError::NotBegun { .. })));
        assert!(!p.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
