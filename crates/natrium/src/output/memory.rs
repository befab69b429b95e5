//! In-memory tables: a [`MemorySink`] for tests, plotting and the Python API, and [`Table`] to
//! hold and re-write a small table (e.g. cycle summaries).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

use super::{sink_for, OutputError, RowCheck, RunMetadata, Schema, Sink};

/// A column-major table of `f64` in display units.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    pub schema: Schema,
    /// `columns[j][i]` is row `i` of column `j`.
    pub columns: Vec<Vec<f64>>,
    /// Metadata given to the sink, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<RunMetadata>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(schema: Schema) -> Table {
        let columns = vec![Vec::new(); schema.len()];
        Table {
            schema,
            columns,
            metadata: None,
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.columns.first().map_or(0, Vec::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Append a row; it must have one value per column.
    pub fn push_row(&mut self, values: &[f64]) -> Result<(), OutputError> {
        if values.len() != self.schema.len() {
            return Err(OutputError::RowWidth {
                target: "memory table".into(),
                expected: self.schema.len(),
                got: values.len(),
                row: self.len() as u64,
            });
        }
        for (c, &x) in self.columns.iter_mut().zip(values) {
            c.push(x);
        }
        Ok(())
    }

    /// The values of a column, by header name (`"voltage [V]"`) or quantity (`"voltage"`).
    pub fn column(&self, name: &str) -> Option<&[f64]> {
        self.schema
            .index_of(name)
            .map(|j| self.columns[j].as_slice())
    }

    /// Row `i`, or `None` past the end.
    pub fn row(&self, i: usize) -> Option<Vec<f64>> {
        (i < self.len()).then(|| self.columns.iter().map(|c| c[i]).collect())
    }

    /// All rows, in order.
    pub fn rows(&self) -> impl Iterator<Item = Vec<f64>> + '_ {
        (0..self.len()).map(move |i| self.columns.iter().map(|c| c[i]).collect())
    }

    /// Stream the table into a sink (begin, rows, metadata, finish).
    pub fn write_to(&self, mut sink: Box<dyn Sink>) -> Result<Vec<PathBuf>, OutputError> {
        sink.begin(&self.schema)?;
        let mut row = vec![0.0; self.schema.len()];
        for i in 0..self.len() {
            for (x, c) in row.iter_mut().zip(&self.columns) {
                *x = c[i];
            }
            sink.row(&row)?;
        }
        if let Some(m) = &self.metadata {
            sink.set_metadata(m)?;
        }
        sink.finish()
    }

    /// Write the table to a `.csv`, `.json` or `.parquet` file (atomically).
    pub fn write(&self, path: &Path) -> Result<Vec<PathBuf>, OutputError> {
        self.write_to(sink_for(path)?)
    }
}

/// Keeps every row in memory (memory grows with the run: use file sinks for long runs).
///
/// The table is shared with [`MemoryHandle`]s, so it can still be read after the sink was boxed
/// into a [`MultiSink`](super::MultiSink) and finished.
pub struct MemorySink {
    table: Arc<Mutex<Table>>,
    check: RowCheck,
}

/// A reader of a [`MemorySink`]'s table that outlives the sink.
#[derive(Clone)]
pub struct MemoryHandle(Arc<Mutex<Table>>);

fn lock(t: &Mutex<Table>) -> MutexGuard<'_, Table> {
    t.lock().unwrap_or_else(|p| p.into_inner())
}

impl MemoryHandle {
    /// A copy of the table as it is now.
    pub fn snapshot(&self) -> Table {
        lock(&self.0).clone()
    }
    /// Look at the table without copying it.
    pub fn with<R>(&self, f: impl FnOnce(&Table) -> R) -> R {
        f(&lock(&self.0))
    }
    /// Move the table out, leaving an empty one.
    pub fn take(&self) -> Table {
        std::mem::take(&mut *lock(&self.0))
    }
}

impl Default for MemorySink {
    fn default() -> Self {
        MemorySink::new()
    }
}

impl MemorySink {
    pub fn new() -> MemorySink {
        MemorySink {
            table: Arc::new(Mutex::new(Table::default())),
            check: RowCheck::new("memory table"),
        }
    }

    /// A handle to read the table later (also after `finish`).
    pub fn handle(&self) -> MemoryHandle {
        MemoryHandle(Arc::clone(&self.table))
    }

    /// A copy of the table as it is now.
    pub fn table(&self) -> Table {
        lock(&self.table).clone()
    }

    /// The table (moved out if no handle shares it).
    pub fn into_table(self) -> Table {
        match Arc::try_unwrap(self.table) {
            Ok(m) => m.into_inner().unwrap_or_else(|p| p.into_inner()),
            Err(shared) => lock(&shared).clone(),
        }
    }
}

impl Sink for MemorySink {
    fn begin(&mut self, schema: &Schema) -> Result<(), OutputError> {
        self.check.begin(schema)?;
        let mut t = lock(&self.table);
        let metadata = t.metadata.take();
        *t = Table::new(schema.clone());
        t.metadata = metadata;
        Ok(())
    }

    fn row(&mut self, values: &[f64]) -> Result<(), OutputError> {
        self.check.accept(values)?;
        let mut t = lock(&self.table);
        for (c, &x) in t.columns.iter_mut().zip(values) {
            c.push(x);
        }
        Ok(())
    }

    fn set_metadata(&mut self, metadata: &RunMetadata) -> Result<(), OutputError> {
        lock(&self.table).metadata = Some(metadata.clone());
        Ok(())
    }

    /// Writes no file: returns no paths.
    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, OutputError> {
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Column, MultiSink};

    fn schema() -> Schema {
        Schema::default()
            .with(Column::new("time", "s", ""))
            .with(Column::new("voltage", "V", ""))
    }

    #[test]
    fn keeps_rows_and_columns() {
        let mut s = MemorySink::new();
        s.begin(&schema()).unwrap();
        s.row(&[0.0, 3.0]).unwrap();
        s.row(&[1.0, f64::NAN]).unwrap();
        let err = s.row(&[1.0]).unwrap_err();
        assert_eq!(
            err,
            OutputError::RowWidth {
                target: "memory table".into(),
                expected: 2,
                got: 1,
                row: 2
            }
        );
        let t = s.into_table();
        assert_eq!(t.len(), 2);
        assert_eq!(t.column("time"), Some(&[0.0, 1.0][..]));
        assert!(t.column("voltage [V]").unwrap()[1].is_nan());
        assert_eq!(t.row(0), Some(vec![0.0, 3.0]));
        assert_eq!(t.row(2), None);
    }

    #[test]
    fn handle_outlives_boxed_sink() {
        let mem = MemorySink::new();
        let h = mem.handle();
        let mut multi: Box<dyn Sink> = Box::new(MultiSink::new(vec![Box::new(mem)]));
        multi.begin(&schema()).unwrap();
        multi.row(&[1.0, 2.0]).unwrap();
        multi.set_metadata(&RunMetadata::new("x")).unwrap();
        assert!(multi.finish().unwrap().is_empty());
        let t = h.take();
        assert_eq!(t.rows().collect::<Vec<_>>(), vec![vec![1.0, 2.0]]);
        assert_eq!(t.metadata.unwrap().command, "x");
    }

    #[test]
    fn row_before_begin_is_an_error() {
        let mut s = MemorySink::new();
        assert!(matches!(s.row(&[1.0]), Err(OutputError::NotBegun { .. })));
    }
}
