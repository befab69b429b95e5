//! Thinning a time series on its way to a file, while other sinks (plots, monitors) still see
//! every row: the first and last row of every protocol step are always written, rows between
//! them only when at least `min_interval` of time has passed since the last one written (or
//! never, for step ends only).

use std::path::PathBuf;

use super::{OutputError, RunMetadata, Schema, Sink};

/// Which rows a [`Thinned`] sink passes on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Thinning {
    /// Every row.
    All,
    /// Step starts and ends, and rows at least this many seconds apart.
    MinInterval(f64),
    /// Only the first and last row of each step.
    StepEnds,
}

/// A sink that passes a thinned copy of the rows to `inner`.
pub struct Thinned {
    inner: Box<dyn Sink>,
    rule: Thinning,
    cols: Option<(usize, usize)>,
    /// The last row seen and whether it was written.
    pending: Option<(Vec<f64>, bool)>,
    last_written_t: f64,
}

impl Thinned {
    pub fn new(inner: Box<dyn Sink>, rule: Thinning) -> Thinned {
        Thinned {
            inner,
            rule,
            cols: None,
            pending: None,
            last_written_t: f64::NEG_INFINITY,
        }
    }

    fn write(&mut self, row: &[f64], t: f64) -> Result<(), OutputError> {
        self.last_written_t = t;
        self.inner.row(row)
    }
}

impl Sink for Thinned {
    fn begin(&mut self, schema: &Schema) -> Result<(), OutputError> {
        self.cols = match (schema.index_of("time [s]"), schema.index_of("step")) {
            (Some(t), Some(s)) => Some((t, s)),
            _ => None,
        };
        self.inner.begin(schema)
    }

    fn row(&mut self, values: &[f64]) -> Result<(), OutputError> {
        let Some((it, is)) = self.cols else {
            return self.inner.row(values);
        };
        if self.rule == Thinning::All {
            return self.inner.row(values);
        }
        let (t, step) = (values[it], values[is]);
        let new_step = self.pending.as_ref().is_none_or(|(p, _)| p[is] != step);
        if new_step {
            // the previous step's last row, if it was not written
            if let Some((p, false)) = self.pending.take() {
                let tp = p[it];
                self.write(&p, tp)?;
            }
            self.write(values, t)?;
            self.pending = Some((values.to_vec(), true));
            return Ok(());
        }
        let due = match self.rule {
            Thinning::MinInterval(dt) => t - self.last_written_t >= dt,
            _ => false,
        };
        if due {
            self.write(values, t)?;
        }
        match &mut self.pending {
            Some((p, w)) => {
                p.clear();
                p.extend_from_slice(values);
                *w = due;
            }
            None => self.pending = Some((values.to_vec(), due)),
        }
        Ok(())
    }

    fn set_metadata(&mut self, metadata: &RunMetadata) -> Result<(), OutputError> {
        self.inner.set_metadata(metadata)
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<PathBuf>, OutputError> {
        if let (Some((p, false)), Some((it, _))) = (self.pending.take(), self.cols) {
            let tp = p[it];
            self.write(&p, tp)?;
        }
        self.inner.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Column, MemorySink};

    fn run(rule: Thinning) -> Vec<Vec<f64>> {
        let mem = MemorySink::new();
        let h = mem.handle();
        let mut s = Box::new(Thinned::new(Box::new(mem), rule));
        s.begin(
            &Schema::default()
                .with(Column::new("time", "s", ""))
                .with(Column::count("step", "")),
        )
        .unwrap();
        for (t, step) in [
            (0.0, 1.0),
            (0.4, 1.0),
            (1.1, 1.0),
            (1.5, 1.0),
            (2.0, 2.0),
            (2.2, 2.0),
        ] {
            s.row(&[t, step]).unwrap();
        }
        s.finish().unwrap();
        h.snapshot().rows().collect()
    }

    #[test]
    fn step_ends_are_always_written() {
        let all: Vec<f64> = run(Thinning::All).iter().map(|r| r[0]).collect();
        assert_eq!(all, vec![0.0, 0.4, 1.1, 1.5, 2.0, 2.2]);
        let ends: Vec<f64> = run(Thinning::StepEnds).iter().map(|r| r[0]).collect();
        assert_eq!(ends, vec![0.0, 1.5, 2.0, 2.2]);
        let every: Vec<f64> = run(Thinning::MinInterval(1.0))
            .iter()
            .map(|r| r[0])
            .collect();
        assert_eq!(every, vec![0.0, 1.1, 1.5, 2.0, 2.2]);
    }
}
