//! Lazy expansion of repeats into the sequence of steps the runner executes.

use super::{Item, Step};

/// A step in execution order, with where it sits in the repeats.
#[derive(Clone, Copy, Debug)]
pub struct ExpandedStep<'a> {
    pub step: &'a Step,
    /// 0-based position in the expanded sequence.
    pub index: u64,
    /// 0-based iteration of the outermost `Repeat` around the step (0 outside any repeat): the
    /// cycle number for the usual "formation, then Repeat N times: [charge; discharge]".
    pub cycle: u32,
    /// 0-based iteration of the innermost `Repeat` around the step (0 outside any repeat).
    pub inner_cycle: u32,
    /// Number of `Repeat`s around the step.
    pub depth: usize,
}

struct Frame<'a> {
    items: &'a [Item],
    pos: usize,
    iteration: u32,
    count: u32,
}

/// Iterator over [`ExpandedStep`]s; see [`super::Protocol::steps`].
pub struct Steps<'a> {
    stack: Vec<Frame<'a>>,
    index: u64,
}

impl<'a> Steps<'a> {
    pub(super) fn new(items: &'a [Item]) -> Self {
        Steps {
            stack: vec![Frame {
                items,
                pos: 0,
                iteration: 0,
                count: 1,
            }],
            index: 0,
        }
    }
}

impl<'a> Iterator for Steps<'a> {
    type Item = ExpandedStep<'a>;

    fn next(&mut self) -> Option<ExpandedStep<'a>> {
        loop {
            let top = self.stack.last_mut()?;
            if top.pos < top.items.len() {
                let item = &top.items[top.pos];
                top.pos += 1;
                match item {
                    Item::Step(step) => {
                        let depth = self.stack.len() - 1;
                        let cycle = self.stack.get(1).map_or(0, |f| f.iteration);
                        let inner_cycle = if depth > 0 {
                            self.stack[depth].iteration
                        } else {
                            0
                        };
                        let out = ExpandedStep {
                            step,
                            index: self.index,
                            cycle,
                            inner_cycle,
                            depth,
                        };
                        self.index = self.index.saturating_add(1);
                        return Some(out);
                    }
                    Item::Repeat { count, body, .. } => {
                        // a body that yields nothing is skipped rather than spun `count` times
                        if *count > 0 && count_items(body) > 0 {
                            self.stack.push(Frame {
                                items: body,
                                pos: 0,
                                iteration: 0,
                                count: *count,
                            });
                        }
                    }
                }
            } else {
                top.iteration += 1;
                if top.iteration < top.count {
                    top.pos = 0;
                } else {
                    self.stack.pop();
                }
            }
        }
    }
}

fn count_items(items: &[Item]) -> u64 {
    let mut n: u64 = 0;
    for it in items {
        let k = match it {
            Item::Step(_) => 1,
            Item::Repeat { count, body, .. } => (*count as u64).saturating_mul(count_items(body)),
        };
        n = n.saturating_add(k);
    }
    n
}

/// Number of steps in the expansion, saturating.
pub(crate) fn count(items: &[Item]) -> u64 {
    count_items(items)
}
