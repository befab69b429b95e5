//! Stacked areas, e.g. the breakdown of the overpotential into its parts against time.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{self, auto_axis, Axis};
use super::style::{self, Look, OrPlot};
use super::{name, sealed, PlotError, Render};

/// Layers stacked on top of each other against a common `x` (each layer has one value per x;
/// values add up like matplotlib's `stackplot`). An index where `x` or any layer is NaN/inf is
/// left out and breaks the areas.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StackedArea {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub x: Vec<f64>,
    /// `(label, values)`, bottom layer first.
    pub layers: Vec<(String, Vec<f64>)>,
}

impl StackedArea {
    fn valid(&self, i: usize) -> bool {
        self.x[i].is_finite() && self.layers.iter().all(|(_, v)| v[i].is_finite())
    }

    /// Runs of consecutive valid indices.
    fn runs(&self) -> Vec<Vec<usize>> {
        let mut runs: Vec<Vec<usize>> = Vec::new();
        let mut cur = Vec::new();
        for i in 0..self.x.len() {
            if self.valid(i) {
                cur.push(i);
            } else if !cur.is_empty() {
                runs.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            runs.push(cur);
        }
        runs
    }

    /// Cumulative sums: `cum[k][i]` = sum of layers 0..=k at index i.
    fn cumulative(&self) -> Vec<Vec<f64>> {
        let mut acc = vec![0.0; self.x.len()];
        self.layers
            .iter()
            .map(|(_, v)| {
                for (a, b) in acc.iter_mut().zip(v) {
                    *a += b;
                }
                acc.clone()
            })
            .collect()
    }
}

impl sealed::Draw for StackedArea {
    fn check(&self) -> Result<(), PlotError> {
        let t = &self.title;
        if self.layers.is_empty() {
            return Err(PlotError::EmptyData {
                title: name(t),
                what: "no layers".into(),
            });
        }
        for (label, v) in &self.layers {
            if v.len() != self.x.len() {
                return Err(PlotError::InvalidInput {
                    title: name(t),
                    message: format!(
                        "layer \"{label}\" has {} values but x has {}",
                        v.len(),
                        self.x.len()
                    ),
                });
            }
        }
        if !(0..self.x.len()).any(|i| self.valid(i)) {
            return Err(PlotError::EmptyData {
                title: name(t),
                what: "no x at which x and every layer are finite".into(),
            });
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let t = self.title.as_str();
        let mut look = Look::single();
        let plot = style::plot_px(root.dim_in_pixel(), &look, !t.is_empty());
        look.axis = style::fit_desc(root, &look, &[&self.x_label, &self.y_label], plot);
        let runs = self.runs();
        let cum = self.cumulative();
        let idx = || runs.iter().flatten().copied();
        let empty = || PlotError::EmptyData {
            title: name(t),
            what: "no finite data".into(),
        };
        // x tight to the data; y from the stack (always including 0), padded
        let xs = idx().map(|i| self.x[i]);
        let (xlo, xhi) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        let xa = if xhi > xlo {
            Axis {
                lo: xlo,
                hi: xhi,
                log: false,
            }
        } else {
            axis::pad(xlo, xhi, false)
        };
        let ys = idx()
            .flat_map(|i| cum.iter().map(move |c| c[i]))
            .chain([0.0]);
        let mut ya = auto_axis(ys, false, None).ok_or_else(empty)?;
        let ymin = idx()
            .flat_map(|i| cum.iter().map(move |c| c[i]))
            .fold(0.0f64, f64::min);
        if ymin >= 0.0 {
            ya.lo = 0.0;
        }

        // legend: an empty corner, or room made above the stack
        let labels: Vec<&str> = self.layers.iter().rev().map(|(l, _)| l.as_str()).collect();
        let (lw, lh) = style::legend_frac(root, &labels, &look, plot);
        let mut samples = Vec::new();
        let step = (idx().count() / 200).max(1);
        for i in idx().step_by(step) {
            let (lo, hi) = cum
                .iter()
                .fold((0.0f64, 0.0f64), |(a, b), c| (a.min(c[i]), b.max(c[i])));
            for j in 0..=20 {
                let y = lo + (hi - lo) * j as f64 / 20.0;
                samples.push((xa.norm(self.x[i]), ya.norm(y)));
            }
        }
        let (mut corner, hits) = style::pick_corner(&samples, lw, lh);
        if hits > 0 {
            ya = style::headroom(ya, lh);
            corner = style::Corner::UpperRight;
        }

        let mut builder = ChartBuilder::on(root);
        builder
            .margin(look.margin)
            .x_label_area_size(look.x_area)
            .y_label_area_size(look.y_area);
        if !t.is_empty() {
            builder.caption(t, look.title_font());
        }
        let mut chart = builder
            .build_cartesian_2d(xa.lo..xa.hi, ya.lo..ya.hi)
            .or_plot(t)?;
        chart
            .configure_mesh()
            .x_desc(self.x_label.as_str())
            .y_desc(self.y_label.as_str())
            .axis_desc_style(look.axis_font())
            .label_style(look.tick_font())
            .x_label_formatter(&|v| style::fmt_tick(*v))
            .y_label_formatter(&|v| style::fmt_tick(*v))
            .x_labels(8)
            .y_labels(8)
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(BLACK.mix(0.04))
            .draw()
            .or_plot(t)?;

        // top layer first so that the legend reads top to bottom like the stack
        for k in (0..self.layers.len()).rev() {
            let color = style::color(k);
            let fill = color.mix(0.75).filled();
            let polys = runs.iter().map(|run| {
                let upper = run.iter().map(|&i| (self.x[i], cum[k][i]));
                let lower = run
                    .iter()
                    .rev()
                    .map(|&i| (self.x[i], if k == 0 { 0.0 } else { cum[k - 1][i] }));
                Polygon::new(upper.chain(lower).collect::<Vec<_>>(), fill)
            });
            let ann = chart.draw_series(polys).or_plot(t)?;
            let label = &self.layers[k].0;
            if !label.is_empty() {
                ann.label(label.as_str())
                    .legend(move |(x, y)| Rectangle::new([(x, y - 7), (x + 22, y + 7)], fill));
            }
            let edge = color.stroke_width(look.line_width);
            let lines = runs.iter().map(|run| {
                PathElement::new(
                    run.iter()
                        .map(|&i| (self.x[i], cum[k][i]))
                        .collect::<Vec<_>>(),
                    edge,
                )
            });
            chart.draw_series(lines).or_plot(t)?;
        }
        if labels.iter().any(|l| !l.is_empty()) {
            style::draw_legend(&mut chart, corner, &look, t)?;
        }
        Ok(())
    }
}

impl Render for StackedArea {
    fn title(&self) -> &str {
        &self.title
    }
}
