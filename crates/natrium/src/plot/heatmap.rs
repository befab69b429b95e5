//! Heat maps with a colour bar, e.g. the critical current density over stack pressure × current
//! density.

use plotters::coord::combinators::{IntoLogRange, LogCoord};
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{self, check_log, Axis};
use super::style::{self, Look, OrPlot, MISSING};
use super::{name, sealed, PlotError, Render};

/// `z[iy][ix]` at the grid points `x[ix]`, `y[iy]` (cell centres; strictly monotonic, finite).
/// Cells whose value is NaN/inf are drawn grey and noted "n/a" beside the colour bar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeatMap {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// Label of the colour bar, with units.
    pub z_label: String,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub z: Vec<Vec<f64>>,
    pub log_x: bool,
    pub log_y: bool,
    pub log_z: bool,
}

/// A [`HeatMap`] with a short text in each cell, e.g. the failure criterion of each point of a
/// critical-current map. `labels[iy][ix]` has the shape of `map.z`; empty strings draw nothing.
/// The text is white on the dark half of the colour map and black on the light half.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelledHeatMap {
    pub map: HeatMap,
    pub labels: Vec<Vec<String>>,
}

/// Viridis, sampled at nine points (perceptually uniform, readable in grey and by most
/// colour-blind readers).
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// Colour at position `u` ∈ [0, 1] of the colour map.
fn colormap(u: f64) -> RGBColor {
    let u = if u.is_finite() {
        u.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let s = u * (VIRIDIS.len() - 1) as f64;
    let i = (s.floor() as usize).min(VIRIDIS.len() - 2);
    let f = s - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + f * (b as f64 - a as f64)).round() as u8;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Cell edges around the centres `v` (midpoints, in log space on a log axis).
fn edges(v: &[f64], log: bool) -> Vec<f64> {
    let t: Vec<f64> = v.iter().map(|&a| if log { a.log10() } else { a }).collect();
    let back = |a: f64| if log { 10f64.powf(a) } else { a };
    if t.len() == 1 {
        let h = if log || t[0] == 0.0 {
            0.5
        } else {
            0.1 * t[0].abs()
        };
        return vec![back(t[0] - h), back(t[0] + h)];
    }
    let n = t.len();
    let mut e = Vec::with_capacity(n + 1);
    e.push(t[0] - 0.5 * (t[1] - t[0]));
    e.extend(t.windows(2).map(|w| 0.5 * (w[0] + w[1])));
    e.push(t[n - 1] + 0.5 * (t[n - 1] - t[n - 2]));
    e.into_iter().map(back).collect()
}

fn span(e: &[f64], log: bool) -> Axis {
    let (lo, hi) = e
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    Axis { lo, hi, log }
}

impl HeatMap {
    fn z_axis(&self) -> Option<Axis> {
        let finite = self.z.iter().flatten().copied().filter(|v| v.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        if lo > hi {
            return None;
        }
        Some(if hi > lo {
            Axis {
                lo,
                hi,
                log: self.log_z,
            }
        } else {
            axis::pad(lo, hi, self.log_z)
        })
    }

    fn check_axis(&self, axis: &'static str, v: &[f64], log: bool) -> Result<(), PlotError> {
        let t = &self.title;
        let bad = |message: String| PlotError::InvalidInput {
            title: name(t),
            message,
        };
        if let Some(a) = v.iter().find(|a| !a.is_finite()) {
            return Err(bad(format!("{axis} grid value {a} is not finite")));
        }
        let up = v.windows(2).all(|w| w[1] > w[0]);
        let down = v.windows(2).all(|w| w[1] < w[0]);
        if !(up || down) {
            return Err(bad(format!(
                "{axis} grid values must be strictly increasing or decreasing"
            )));
        }
        if log {
            check_log(t, axis, &format!("the {axis} grid"), v.iter().copied())?;
        }
        Ok(())
    }
}

impl sealed::Draw for HeatMap {
    fn check(&self) -> Result<(), PlotError> {
        self.check_map()
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        self.draw_map(root, None)
    }
}

impl sealed::Draw for LabelledHeatMap {
    fn check(&self) -> Result<(), PlotError> {
        self.map.check_map()?;
        let m = &self.map;
        let ok = self.labels.len() == m.y.len() && self.labels.iter().all(|r| r.len() == m.x.len());
        if !ok {
            return Err(PlotError::InvalidInput {
                title: name(&m.title),
                message: format!(
                    "labels must have {} rows of {} texts, like z; got {} rows",
                    m.y.len(),
                    m.x.len(),
                    self.labels.len()
                ),
            });
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        self.map.draw_map(root, Some(&self.labels))
    }
}

impl Render for LabelledHeatMap {
    fn title(&self) -> &str {
        &self.map.title
    }
}

impl HeatMap {
    fn check_map(&self) -> Result<(), PlotError> {
        let t = &self.title;
        if self.x.is_empty() || self.y.is_empty() {
            let what = if self.x.is_empty() {
                "no x grid values"
            } else {
                "no y grid values"
            };
            return Err(PlotError::EmptyData {
                title: name(t),
                what: what.into(),
            });
        }
        let rows_ok =
            self.z.len() == self.y.len() && self.z.iter().all(|r| r.len() == self.x.len());
        if !rows_ok {
            return Err(PlotError::InvalidInput {
                title: name(t),
                message: format!(
                    "z must have {} rows (one per y) of {} values (one per x); got {} rows of lengths {:?}",
                    self.y.len(),
                    self.x.len(),
                    self.z.len(),
                    self.z.iter().map(Vec::len).collect::<Vec<_>>()
                ),
            });
        }
        self.check_axis("x", &self.x, self.log_x)?;
        self.check_axis("y", &self.y, self.log_y)?;
        if self.z_axis().is_none() {
            return Err(PlotError::EmptyData {
                title: name(t),
                what: "every z value is NaN".into(),
            });
        }
        if self.log_z {
            check_log(t, "z", "z", self.z.iter().flatten().copied())?;
        }
        Ok(())
    }

    fn draw_map<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        labels: Option<&[Vec<String>]>,
    ) -> Result<(), PlotError> {
        let t = self.title.as_str();
        let mut look = Look::single();
        let plot = style::plot_px(root.dim_in_pixel(), &look, !t.is_empty());
        let descs = [self.x_label.as_str(), &self.y_label, &self.z_label];
        look.axis = style::fit_desc(root, &look, &descs, (plot.0 - 190.0, plot.1));
        let area = style::titled(root, t, &look)?;
        let width = area.dim_in_pixel().0;
        let (main, bar) = area.split_horizontally(width.saturating_sub(190));
        let (xe, ye) = (edges(&self.x, self.log_x), edges(&self.y, self.log_y));
        let (xa, ya) = (span(&xe, self.log_x), span(&ye, self.log_y));
        let za = self.z_axis().ok_or_else(|| PlotError::EmptyData {
            title: name(t),
            what: "every z value is NaN".into(),
        })?;
        let cells = Cells {
            map: self,
            xe: &xe,
            ye: &ye,
            za,
            labels,
        };
        let lin = |a: &Axis| RangedCoordf64::from(a.lo..a.hi);
        let log = |a: &Axis| LogCoord::from((a.lo..a.hi).log_scale());
        match (xa.log, ya.log) {
            (false, false) => cells.draw(&main, &look, lin(&xa), lin(&ya))?,
            (true, false) => cells.draw(&main, &look, log(&xa), lin(&ya))?,
            (false, true) => cells.draw(&main, &look, lin(&xa), log(&ya))?,
            (true, true) => cells.draw(&main, &look, log(&xa), log(&ya))?,
        }
        let missing = self.z.iter().flatten().any(|v| !v.is_finite());
        if za.log {
            colour_bar(self, root, &bar, &look, &za, log(&za), missing)
        } else {
            colour_bar(self, root, &bar, &look, &za, lin(&za), missing)
        }
    }
}

impl Render for HeatMap {
    fn title(&self) -> &str {
        &self.title
    }
}

struct Cells<'a> {
    map: &'a HeatMap,
    xe: &'a [f64],
    ye: &'a [f64],
    za: Axis,
    labels: Option<&'a [Vec<String>]>,
}

/// Centre of the cell between edges `a` and `b` (geometric on a log axis).
fn centre(a: f64, b: f64, log: bool) -> f64 {
    if log {
        (a * b).sqrt()
    } else {
        0.5 * (a + b)
    }
}

impl Cells<'_> {
    fn draw<DB, X, Y>(
        &self,
        area: &DrawingArea<DB, Shift>,
        look: &Look,
        xc: X,
        yc: Y,
    ) -> Result<(), PlotError>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let m = self.map;
        let t = m.title.as_str();
        let mut chart = ChartBuilder::on(area)
            .margin(look.margin)
            .x_label_area_size(look.x_area)
            .y_label_area_size(look.y_area)
            .build_cartesian_2d(xc, yc)
            .or_plot(t)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(m.x_label.as_str())
            .y_desc(m.y_label.as_str())
            .axis_desc_style(look.axis_font())
            .label_style(look.tick_font())
            .x_label_formatter(&|v| style::fmt_tick(*v))
            .y_label_formatter(&|v| style::fmt_tick(*v))
            .x_labels(8)
            .y_labels(8)
            .draw()
            .or_plot(t)?;
        let rects = m.z.iter().enumerate().flat_map(|(iy, row)| {
            row.iter().enumerate().map(move |(ix, &z)| {
                let c = if z.is_finite() {
                    colormap(self.za.norm(z))
                } else {
                    MISSING
                };
                Rectangle::new(
                    [
                        (self.xe[ix], self.ye[iy]),
                        (self.xe[ix + 1], self.ye[iy + 1]),
                    ],
                    c.filled(),
                )
            })
        });
        chart.draw_series(rects).or_plot(t)?;
        if let Some(labels) = self.labels {
            let font = look.tick_font();
            let mut texts = Vec::new();
            for (iy, row) in labels.iter().enumerate() {
                for (ix, text) in row.iter().enumerate() {
                    if text.is_empty() {
                        continue;
                    }
                    let z =
                        m.z.get(iy)
                            .and_then(|r| r.get(ix))
                            .copied()
                            .unwrap_or(f64::NAN);
                    let light = z.is_finite() && self.za.norm(z) > 0.55;
                    let colour: &'static RGBColor = if light { &BLACK } else { &WHITE };
                    let pos = (
                        centre(self.xe[ix], self.xe[ix + 1], m.log_x),
                        centre(self.ye[iy], self.ye[iy + 1], m.log_y),
                    );
                    let style = font
                        .clone()
                        .color(colour)
                        .pos(Pos::new(HPos::Center, VPos::Center));
                    texts.push(Text::new(text.clone(), pos, style));
                }
            }
            chart.draw_series(texts).or_plot(t)?;
        }
        Ok(())
    }
}

/// The colour bar with its z label; a grey "n/a" swatch below it when cells are missing.
fn colour_bar<DB, Z>(
    m: &HeatMap,
    root: &DrawingArea<DB, Shift>,
    bar: &DrawingArea<DB, Shift>,
    look: &Look,
    za: &Axis,
    zc: Z,
    missing: bool,
) -> Result<(), PlotError>
where
    DB: DrawingBackend,
    Z: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let t = m.title.as_str();
    let mut chart = ChartBuilder::on(bar)
        .margin(look.margin)
        .margin_left(5)
        .x_label_area_size(look.x_area)
        .y_label_area_size(look.y_area + 10)
        .build_cartesian_2d(0.0..1.0, zc)
        .or_plot(t)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_desc(m.z_label.as_str())
        .axis_desc_style(look.axis_font())
        .label_style(look.tick_font())
        .y_label_formatter(&|v| style::fmt_tick(*v))
        .y_labels(8)
        .draw()
        .or_plot(t)?;
    const SLICES: usize = 200;
    let slices = (0..SLICES).map(|k| {
        let (u0, u1) = (k as f64 / SLICES as f64, (k + 1) as f64 / SLICES as f64);
        let c = colormap(0.5 * (u0 + u1));
        Rectangle::new([(0.0, za.at(u0)), (1.0, za.at(u1))], c.filled())
    });
    chart.draw_series(slices).or_plot(t)?;
    let frame = Rectangle::new([(0.0, za.lo), (1.0, za.hi)], BLACK.stroke_width(1));
    chart.draw_series(std::iter::once(frame)).or_plot(t)?;
    if missing {
        let (x0, y0) = chart.backend_coord(&(0.0, za.lo));
        let (x1, _) = chart.backend_coord(&(1.0, za.lo));
        let top = y0 + 14;
        root.draw(&Rectangle::new(
            [(x0, top), (x1, top + 18)],
            MISSING.filled(),
        ))
        .or_plot(t)?;
        let style = look.tick_font().pos(Pos::new(HPos::Right, VPos::Center));
        root.draw(&Text::new("n/a", (x0 - 6, top + 9), style))
            .or_plot(t)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_bracket_centres() {
        assert_eq!(edges(&[0.0, 1.0, 2.0], false), vec![-0.5, 0.5, 1.5, 2.5]);
        let e = edges(&[1.0, 10.0, 100.0], true);
        assert!((e[1] - 10f64.sqrt()).abs() < 1e-9 && (e[2] - 1000f64.sqrt()).abs() < 1e-9);
        assert_eq!(edges(&[2.0], false), vec![1.8, 2.2]);
    }

    #[test]
    fn labelled_map_draws_its_labels_and_checks_their_shape() {
        let map = HeatMap {
            title: "CCD map".into(),
            x_label: "current density [mA/cm²]".into(),
            y_label: "stack pressure [MPa]".into(),
            z_label: "max |V| [V]".into(),
            x: vec![0.1, 1.0],
            y: vec![0.5, 2.0],
            z: vec![vec![0.02, 0.9], vec![0.02, 0.2]],
            ..HeatMap::default()
        };
        let ok = LabelledHeatMap {
            map: map.clone(),
            labels: vec![
                vec!["ok".into(), "contact".into()],
                vec!["ok".into(), String::new()],
            ],
        };
        let svg = crate::plot::to_svg(&ok).unwrap();
        // plotters writes the text of an SVG <text> element on a line of its own
        let count = |t: &str| svg.lines().filter(|l| l.trim() == t).count();
        assert_eq!(count("contact"), 1);
        assert_eq!(count("ok"), 2);
        let bad = LabelledHeatMap {
            map,
            labels: vec![vec!["ok".into()]],
        };
        assert!(matches!(
            crate::plot::to_svg(&bad),
            Err(PlotError::InvalidInput { .. })
        ));
    }

    #[test]
    fn colormap_ends_are_viridis() {
        assert_eq!(colormap(0.0), RGBColor(68, 1, 84));
        assert_eq!(colormap(1.0), RGBColor(253, 231, 37));
        assert_eq!(colormap(f64::NAN), RGBColor(68, 1, 84));
    }
}
