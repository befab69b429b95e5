//! Figures of several line plots sharing one file.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::line::{draw_line_plot, LinePlot};
use super::style::{self, Look};
use super::{name, sealed, PlotError, Render};

/// Several line plots in one figure, `columns` per row (0 = about square), e.g. contact
/// fraction, pressure, Na thickness and CE against cycle number.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MultiPlot {
    pub title: String,
    pub panels: Vec<LinePlot>,
    pub columns: usize,
}

impl MultiPlot {
    fn grid(&self) -> (usize, usize) {
        let n = self.panels.len().max(1);
        let cols = if self.columns == 0 {
            (n as f64).sqrt().ceil() as usize
        } else {
            self.columns.min(n)
        };
        (n.div_ceil(cols), cols)
    }
}

impl sealed::Draw for MultiPlot {
    fn check(&self) -> Result<(), PlotError> {
        if self.panels.is_empty() {
            return Err(PlotError::EmptyData {
                title: name(&self.title),
                what: "no panels".into(),
            });
        }
        self.panels.iter().try_for_each(|p| p.check_data())
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let area = style::titled(root, &self.title, &Look::single())?;
        let (rows, cols) = self.grid();
        for (panel, cell) in self.panels.iter().zip(area.split_evenly((rows, cols))) {
            draw_line_plot(panel, &cell, &Look::panel())?;
        }
        Ok(())
    }
}

impl Render for MultiPlot {
    fn title(&self) -> &str {
        &self.title
    }
    /// 1000 px wide up to two columns (520 px per column beyond), 380 px per row plus the title.
    fn size(&self) -> (u32, u32) {
        let (rows, cols) = self.grid();
        let w = (520 * cols as u32).max(1000);
        let title = if self.title.is_empty() { 0 } else { 57 };
        (w, title + 20 + 380 * rows as u32)
    }
}
