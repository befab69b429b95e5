//! JSON sink: one JSON document, streamed row by row.
//!
//! ```json
//! {"columns": [{"name": "time [s]", "quantity": "time", "unit": "s", "description": "…"}, …],
//!  "rows": [
//! [0,3.25],
//! [1.5,null]
//! ],
//!  "metadata": {…}}
//! ```
//! Rows are arrays in column order, one per line; `"metadata"` is present when
//! [`Sink::set_metadata`] was called. In pandas:
//! `pd.DataFrame(d["rows"], columns=[c["name"] for c in d["columns"]])`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{push_f64, OutputError, RowCheck, RunMetadata, Schema, Sink};
use crate::fsutil::AtomicFile;

/// Streams rows to a JSON file (see the module docs for the layout). Non-finite values are
/// `null`. The file appears at its path only on [`Sink::finish`].
pub struct JsonSink {
    path: PathBuf,
    file: AtomicFile,
    check: RowCheck,
    metadata: Option<String>,
    scratch: String,
}

impl JsonSink {
    /// Start a JSON file at `path` (its directory is created; the temporary file is opened now).
    pub fn create(path: &Path) -> Result<JsonSink, OutputError> {
        let file = AtomicFile::create(path).map_err(|e| OutputError::io(path, e))?;
        Ok(JsonSink {
            path: path.to_path_buf(),
            file,
            check: RowCheck::new(path.display().to_string()),
            metadata: None,
            scratch: String::with_capacity(256),
        })
    }

    /// The target path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), OutputError> {
        self.file
            .writer()
            .write_all(bytes)
            .map_err(|e| OutputError::io(&self.path, e))
    }
}

impl Sink for JsonSink {
    fn begin(&mut self, schema: &Schema) -> Result<(), OutputError> {
        self.check.begin(schema)?;
        let columns = serde_json::to_string(schema).map_err(|e| OutputError::Json {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        self.write(b"{\"columns\": ")?;
        self.write(columns.as_bytes())?;
        self.write(b",\n \"rows\": [")
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
                push_f64(&mut s, x);
            } else {
                s.push_str("null");
            }
        }
        s.push(']');
        let r = self.write(s.as_bytes());
        self.scratch = s;
        r
    }

    fn set_metadata(&mut self, metadata: &RunMetadata) -> Result<(), OutputError> {
        self.metadata = Some(
            serde_json::to_string(metadata).map_err(|e| OutputError::Json {
                path: self.path.clone(),
                message: e.to_string(),
            })?,
        );
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<PathBuf>, OutputError> {
        self.check.begun()?;
        self.write(b"\n]")?;
        if let Some(text) = self.metadata.take() {
            self.write(b",\n \"metadata\": ")?;
            self.write(text.as_bytes())?;
        }
        self.write(b"}\n")?;
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
        assert!(text.contains("\n[0,3.25],\n[1.5,null]\n]}"), "{text}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["columns"][1]["unit"], "V");
        assert_eq!(v["rows"][1][1], serde_json::Value::Null);
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
        assert_eq!(v["rows"].as_array().unwrap().len(), 0);
    }
}
