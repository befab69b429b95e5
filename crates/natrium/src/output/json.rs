//! JSON sink: one JSON document in pandas' `split` layout, streamed row by row.
//!
//! ```json
//! {"columns": ["time [s]", "voltage [V]", …],
//!  "data": [
//! [0.0,3.25],
//! [1.5,null]
//! ]}
//! ```
//! Rows are arrays in column order, one per line; non-finite values are `null`. In pandas:
//! `pd.read_json("timeseries.json", orient="split")`. Units are in the column names; the
//! columns' descriptions and the run metadata are in `metadata.json` beside it (pandas' split
//! layout has no room for them).

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{NumberFormat, OutputError, RowCheck, Schema, Sink};
use crate::fsutil::AtomicFile;

/// Streams rows to a JSON file (see the module docs for the layout). Non-finite values are
/// `null`. The file appears at its path only on [`Sink::finish`].
pub struct JsonSink {
    path: PathBuf,
    file: AtomicFile,
    check: RowCheck,
    scratch: String,
    format: NumberFormat,
    integer: Vec<bool>,
}

impl JsonSink {
    /// Start a JSON file at `path` (its directory is created; the temporary file is opened now).
    pub fn create(path: &Path) -> Result<JsonSink, OutputError> {
        let file = AtomicFile::create(path).map_err(|e| OutputError::io(path, e))?;
        Ok(JsonSink {
            path: path.to_path_buf(),
            file,
            check: RowCheck::new(path.display().to_string()),
            scratch: String::with_capacity(256),
            format: NumberFormat::default(),
            integer: Vec::new(),
        })
    }

    /// Write numbers with this format (set before the first row).
    pub fn with_format(mut self, format: NumberFormat) -> JsonSink {
        self.format = format;
        self
    }

    /// The target path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), OutputError> {
        let r = self.file.writer().write_all(bytes);
        r.map_err(|e| {
            self.check.poison();
            OutputError::io(&self.path, e)
        })
    }
}

impl Sink for JsonSink {
    fn begin(&mut self, schema: &Schema) -> Result<(), OutputError> {
        self.check.begin(schema)?;
        self.integer = schema.iter().map(|c| c.integer).collect();
        let names: Vec<&str> = schema.iter().map(|c| c.name.as_str()).collect();
        let columns = serde_json::to_string(&names).map_err(|e| OutputError::Json {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        self.write(b"{\"columns\": ")?;
        self.write(columns.as_bytes())?;
        self.write(b",\n \"data\": [")
    }

    fn row(&mut self, values: &[f64]) -> Result<(), OutputError> {
        self.check.accept(values)?;
        let mut s = std::mem::take(&mut self.scratch);
        s.clear();
        s.push_str(if self.check.rows() == 1 {
            "\n["
        } else {
            ",\n["
        });
        for (i, &x) in values.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            if x.is_finite() {
                self.format.push(&mut s, x, self.integer[i]);
            } else {
                s.push_str("null");
            }
        }
        s.push(']');
        let r = self.write(s.as_bytes());
        self.scratch = s;
        r
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<PathBuf>, OutputError> {
        self.check.begun()?;
        self.check.healthy()?;
        self.write(b"\n]}\n")?;
        let JsonSink { path, file, .. } = *self;
        let written = file.commit().map_err(|e| OutputError::io(&path, e))?;
        Ok(vec![written])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Column;

    #[test]
    fn layout_is_one_document() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        let mut s = Box::new(JsonSink::create(&p).unwrap());
        s.begin(
            &Schema::default()
                .with(Column::new("time", "s", "t"))
                .with(Column::new("voltage", "V", "v")),
        )
        .unwrap();
        s.row(&[0.0, 3.25]).unwrap();
        s.row(&[1.5, f64::NAN]).unwrap();
        s.finish().unwrap();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains("\n[0.0,3.25],\n[1.5,null]\n]}"), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        // pandas' orient="split": exactly the keys "columns" and "data"
        assert_eq!(v.as_object().unwrap().len(), 2);
        assert_eq!(v["columns"][1], "voltage [V]");
        assert_eq!(v["data"][1][1], serde_json::Value::Null);
    }

    #[test]
    fn empty_table_is_valid_json() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("e.json");
        let mut s = Box::new(JsonSink::create(&p).unwrap());
        s.begin(&Schema::default().with(Column::new("x", "", "")))
            .unwrap();
        s.finish().unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        assert_eq!(v["data"].as_array().unwrap().len(), 0);
    }
}
