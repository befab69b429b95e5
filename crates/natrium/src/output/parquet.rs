//! Parquet sink (low-level `parquet` API, no Arrow): every column is `OPTIONAL DOUBLE` except the
//! whole-number ones ([`Column::integer`](super::Column), e.g. cycle and step), which are
//! `OPTIONAL INT64`; `NaN` is stored as null, pages are Snappy-compressed and carry min/max
//! statistics per column chunk and page, rows are buffered into row groups of
//! [`DEFAULT_ROW_GROUP_SIZE`] rows.
//!
//! Key-value metadata in the file footer:
//! * [`SCHEMA_KEY`] (`"natrium.columns"`): JSON array of the [`Column`](super::Column)s —
//!   name, quantity, unit, description of each column;
//! * [`METADATA_KEY`] (`"natrium.metadata"`): the [`RunMetadata`] JSON, when given.
//!
//! In Python: `pq.read_metadata(f).metadata[b"natrium.columns"]`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ::parquet::basic::{Compression, Repetition, Type as PhysicalType};
use ::parquet::data_type::{DoubleType, Int64Type};
use ::parquet::errors::ParquetError;
use ::parquet::file::metadata::KeyValue;
use ::parquet::file::properties::EnabledStatistics;
use ::parquet::file::properties::WriterProperties;
use ::parquet::file::writer::SerializedFileWriter;
use ::parquet::schema::types::Type;

use super::{OutputError, RowCheck, RunMetadata, Schema, Sink};
use crate::fsutil::AtomicFile;

/// Rows per row group unless set with [`ParquetSink::with_row_group_size`].
pub const DEFAULT_ROW_GROUP_SIZE: usize = 65_536;
/// Footer key holding the JSON array of column descriptions (with units).
pub const SCHEMA_KEY: &str = "natrium.columns";
/// Footer key holding the [`RunMetadata`] JSON.
pub const METADATA_KEY: &str = "natrium.metadata";

/// Streams rows to a Parquet file; memory holds at most one row group. The file appears at its
/// path only on [`Sink::finish`].
pub struct ParquetSink {
    path: PathBuf,
    /// The temporary file until `begin` hands it to the writer.
    file: Option<AtomicFile>,
    writer: Option<SerializedFileWriter<AtomicFile>>,
    check: RowCheck,
    row_group_size: usize,
    /// Non-null values of the buffered rows, per column.
    values: Vec<Vec<f64>>,
    /// Definition levels of the buffered rows, per column (0 = null, 1 = value).
    levels: Vec<Vec<i16>>,
    buffered: usize,
    metadata: Option<String>,
    /// Which columns are INT64.
    integer: Vec<bool>,
    ints: Vec<i64>,
}

impl ParquetSink {
    /// Start a Parquet file at `path` (its directory is created; the temporary file is opened
    /// now).
    pub fn create(path: &Path) -> Result<ParquetSink, OutputError> {
        let file = AtomicFile::create(path).map_err(|e| OutputError::io(path, e))?;
        Ok(ParquetSink {
            path: path.to_path_buf(),
            file: Some(file),
            writer: None,
            check: RowCheck::new(path.display().to_string()),
            row_group_size: DEFAULT_ROW_GROUP_SIZE,
            values: Vec::new(),
            levels: Vec::new(),
            buffered: 0,
            metadata: None,
            integer: Vec::new(),
            ints: Vec::new(),
        })
    }

    /// Rows per row group (at least 1). Set it before `begin`.
    pub fn with_row_group_size(mut self, rows: usize) -> ParquetSink {
        self.row_group_size = rows.max(1);
        self
    }

    /// The target path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: ParquetError) -> OutputError {
        OutputError::Parquet {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    fn parquet_schema(schema: &Schema) -> Result<Type, ParquetError> {
        let fields = schema
            .iter()
            .map(|c| {
                let t = if c.integer {
                    PhysicalType::INT64
                } else {
                    PhysicalType::DOUBLE
                };
                Type::primitive_type_builder(&c.name, t)
                    .with_repetition(Repetition::OPTIONAL)
                    .build()
                    .map(Arc::new)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Type::group_type_builder("natrium")
            .with_fields(fields)
            .build()
    }

    /// Write the buffered rows as one row group.
    fn flush_row_group(&mut self) -> Result<(), OutputError> {
        if self.buffered == 0 {
            return Ok(());
        }
        let result = (|| -> Result<(), ParquetError> {
            let writer = self
                .writer
                .as_mut()
                .ok_or_else(|| ParquetError::General("writer not started".into()))?;
            let mut rg = writer.next_row_group()?;
            for (k, (values, levels)) in self.values.iter().zip(&self.levels).enumerate() {
                let mut col = rg
                    .next_column()?
                    .ok_or_else(|| ParquetError::General("fewer columns than schema".into()))?;
                if self.integer[k] {
                    self.ints.clear();
                    self.ints.extend(values.iter().map(|&x| x.round() as i64));
                    col.typed::<Int64Type>()
                        .write_batch(&self.ints, Some(levels), None)?;
                } else {
                    col.typed::<DoubleType>()
                        .write_batch(values, Some(levels), None)?;
                }
                col.close()?;
            }
            rg.close()?;
            Ok(())
        })();
        if result.is_err() {
            self.check.poison();
        }
        result.map_err(|e| self.err(e))?;
        for (v, l) in self.values.iter_mut().zip(&mut self.levels) {
            v.clear();
            l.clear();
        }
        self.buffered = 0;
        Ok(())
    }
}

impl Sink for ParquetSink {
    fn begin(&mut self, schema: &Schema) -> Result<(), OutputError> {
        self.check.begin(schema)?;
        self.integer = schema.iter().map(|c| c.integer).collect();
        let columns = serde_json::to_string(schema).map_err(|e| OutputError::Json {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_statistics_enabled(EnabledStatistics::Page)
            .set_created_by(format!("natrium {}", env!("CARGO_PKG_VERSION")))
            .set_key_value_metadata(Some(vec![KeyValue::new(SCHEMA_KEY.to_string(), columns)]))
            .build();
        let file = self.file.take().ok_or_else(|| OutputError::AlreadyBegun {
            target: self.path.display().to_string(),
        })?;
        let writer = Self::parquet_schema(schema)
            .and_then(|t| SerializedFileWriter::new(file, Arc::new(t), Arc::new(props)))
            .map_err(|e| self.err(e))?;
        self.writer = Some(writer);
        let cap = self.row_group_size.min(DEFAULT_ROW_GROUP_SIZE);
        self.values = (0..schema.len()).map(|_| Vec::with_capacity(cap)).collect();
        self.levels = (0..schema.len()).map(|_| Vec::with_capacity(cap)).collect();
        Ok(())
    }

    fn row(&mut self, values: &[f64]) -> Result<(), OutputError> {
        self.check.accept(values)?;
        for ((&x, vals), levels) in values.iter().zip(&mut self.values).zip(&mut self.levels) {
            if x.is_nan() {
                levels.push(0);
            } else {
                levels.push(1);
                vals.push(x);
            }
        }
        self.buffered += 1;
        if self.buffered >= self.row_group_size {
            self.flush_row_group()?;
        }
        Ok(())
    }

    fn set_metadata(&mut self, metadata: &RunMetadata) -> Result<(), OutputError> {
        self.metadata = Some(metadata.to_json_string());
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<PathBuf>, OutputError> {
        self.check.begun()?;
        self.check.healthy()?;
        self.flush_row_group()?;
        let mut writer = self.writer.take().ok_or_else(|| OutputError::NotBegun {
            target: self.path.display().to_string(),
        })?;
        if let Some(meta) = self.metadata.take() {
            writer.append_key_value_metadata(KeyValue::new(METADATA_KEY.to_string(), meta));
        }
        let file = writer.into_inner().map_err(|e| self.err(e))?;
        let written = file.commit().map_err(|e| OutputError::io(&self.path, e))?;
        Ok(vec![written])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Column;
    use ::parquet::file::reader::{FileReader, SerializedFileReader};

    #[test]
    fn small_row_groups_and_footer_keys() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.parquet");
        let mut s = Box::new(ParquetSink::create(&p).unwrap().with_row_group_size(3));
        s.begin(
            &Schema::default()
                .with(Column::new("time", "s", "t"))
                .with(Column::new("voltage", "V", "v")),
        )
        .unwrap();
        for i in 0..7 {
            s.row(&[i as f64, 3.0 + i as f64 * 0.01]).unwrap();
        }
        s.set_metadata(&RunMetadata::new("test")).unwrap();
        assert!(!p.exists());
        s.finish().unwrap();
        let r = SerializedFileReader::new(std::fs::File::open(&p).unwrap()).unwrap();
        let md = r.metadata();
        assert_eq!(md.num_row_groups(), 3);
        assert_eq!(md.file_metadata().num_rows(), 7);
        let kv = md.file_metadata().key_value_metadata().unwrap();
        let get = |k: &str| {
            kv.iter()
                .find(|e| e.key == k)
                .and_then(|e| e.value.clone())
                .unwrap()
        };
        let cols: Schema = serde_json::from_str(&get(SCHEMA_KEY)).unwrap();
        assert_eq!(cols.0[1].unit, "V");
        let meta: serde_json::Value = serde_json::from_str(&get(METADATA_KEY)).unwrap();
        assert_eq!(meta["command"], "test");
    }
}
