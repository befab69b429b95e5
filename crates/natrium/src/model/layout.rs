//! The state vector as named blocks: each submodel declares its blocks (name, length, kind,
//! scale, unit) and receives their index ranges. Names make solver failures readable
//! ("cathode.x[3,9] = 1.02").

use std::ops::Range;

/// Differential (has a time derivative) or algebraic (a constraint).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Differential,
    Algebraic,
}

/// One named block of the state vector.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub name: String,
    pub range: Range<usize>,
    pub kind: Kind,
    /// Typical magnitude (sets the absolute tolerance: atol = rtol_abs·scale).
    pub scale: f64,
    pub unit: &'static str,
    /// Second dimension for 2-D blocks (e.g. shells per node), 1 otherwise.
    pub inner: usize,
}

/// Builder used during assembly.
#[derive(Debug, Default)]
pub struct LayoutBuilder {
    blocks: Vec<Block>,
    n: usize,
}

impl LayoutBuilder {
    /// Add a block of `len` entries; returns its index range.
    pub fn add(
        &mut self,
        name: &str,
        len: usize,
        kind: Kind,
        scale: f64,
        unit: &'static str,
    ) -> Range<usize> {
        self.add_2d(name, len, 1, kind, scale, unit)
    }

    /// Add a 2-D block of `outer × inner` entries stored row-major.
    pub fn add_2d(
        &mut self,
        name: &str,
        outer: usize,
        inner: usize,
        kind: Kind,
        scale: f64,
        unit: &'static str,
    ) -> Range<usize> {
        let len = outer * inner;
        let r = self.n..self.n + len;
        self.blocks.push(Block {
            name: name.to_string(),
            range: r.clone(),
            kind,
            scale,
            unit,
            inner: inner.max(1),
        });
        self.n += len;
        r
    }

    pub fn finish(self) -> Layout {
        let mut differential = vec![false; self.n];
        let mut scale = vec![1.0; self.n];
        for b in &self.blocks {
            for i in b.range.clone() {
                differential[i] = b.kind == Kind::Differential;
                scale[i] = b.scale;
            }
        }
        let mut layout = Layout {
            blocks: self.blocks,
            n: self.n,
            differential,
            scale,
            names: Vec::new(),
        };
        layout.names = (0..layout.n).map(|i| layout.format_name(i)).collect();
        layout
    }
}

/// The finished layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub blocks: Vec<Block>,
    pub n: usize,
    pub differential: Vec<bool>,
    pub scale: Vec<f64>,
    /// Name of each state (formatted once: runs report their final state by name).
    names: Vec<String>,
}

impl Layout {
    /// Human-readable name of state `i`.
    pub fn name_of(&self, i: usize) -> String {
        match self.names.get(i) {
            Some(name) => name.clone(),
            None => self.format_name(i),
        }
    }

    fn format_name(&self, i: usize) -> String {
        for b in &self.blocks {
            if b.range.contains(&i) {
                let k = i - b.range.start;
                return if b.range.len() == 1 {
                    b.name.clone()
                } else if b.inner > 1 {
                    format!("{}[{},{}]", b.name, k / b.inner, k % b.inner)
                } else {
                    format!("{}[{}]", b.name, k)
                };
            }
        }
        format!("state[{i}]")
    }

    /// Block by name.
    pub fn block(&self, name: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.name == name)
    }

    /// Indices of algebraic states.
    pub fn algebraic(&self) -> Vec<usize> {
        (0..self.n).filter(|&i| !self.differential[i]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_contiguous_and_named() {
        let mut b = LayoutBuilder::default();
        let a = b.add("control.current", 1, Kind::Algebraic, 10.0, "A/m^2");
        let c = b.add_2d("cathode.x", 3, 4, Kind::Differential, 1.0, "-");
        let l = b.finish();
        assert_eq!(a, 0..1);
        assert_eq!(c, 1..13);
        assert_eq!(l.n, 13);
        assert_eq!(l.name_of(0), "control.current");
        assert_eq!(l.name_of(1 + 4 + 2), "cathode.x[1,2]");
        assert_eq!(l.algebraic(), vec![0]);
        assert!(l.differential[5]);
    }
}
