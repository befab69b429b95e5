//! Line plots: series, markers, log axes, clipping to fixed ranges, legend placement.

use plotters::coord::combinators::{IntoLogRange, LogCoord};
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{auto_axis, check_log, check_range, clip_polyline, Axis};
use super::style::{self, Look, OrPlot};
use super::{name, sealed, PlotError, Render};

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SeriesStyle {
    #[default]
    Line,
    Points,
    LineAndPoints,
}

/// One curve: `y` against `x` (same length; NaN/inf points are skipped and break the line).
/// An empty label keeps the series out of the legend.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    pub label: String,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub style: SeriesStyle,
    /// Colour (RGB); `None` takes the palette's colour of the series' position.
    pub color: Option<(u8, u8, u8)>,
}

impl Series {
    /// A line series.
    pub fn new(label: impl Into<String>, x: Vec<f64>, y: Vec<f64>) -> Series {
        Series {
            label: label.into(),
            x,
            y,
            style: SeriesStyle::Line,
            color: None,
        }
    }
    /// The same series in colour `rgb` (e.g. from [`super::sequential`]).
    pub fn with_color(mut self, rgb: (u8, u8, u8)) -> Series {
        self.color = Some(rgb);
        self
    }
    /// The same series drawn with `style`.
    pub fn with_style(mut self, style: SeriesStyle) -> Series {
        self.style = style;
        self
    }
}

/// An annotated point, e.g. the nucleation dip.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub y: f64,
    pub label: String,
}

impl Marker {
    pub fn new(x: f64, y: f64, label: impl Into<String>) -> Marker {
        Marker {
            x,
            y,
            label: label.into(),
        }
    }
}

/// Curves against a common x axis. Ranges are automatic (5 % margin around the finite data and
/// markers) unless `x_range`/`y_range` are given; data outside a given range are clipped.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinePlot {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub series: Vec<Series>,
    pub markers: Vec<Marker>,
    pub log_x: bool,
    pub log_y: bool,
    pub x_range: Option<(f64, f64)>,
    pub y_range: Option<(f64, f64)>,
}

impl LinePlot {
    /// An empty plot with a title and axis labels (with units, e.g. `"voltage [V]"`).
    pub fn new(
        title: impl Into<String>,
        x_label: impl Into<String>,
        y_label: impl Into<String>,
    ) -> LinePlot {
        LinePlot {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            ..LinePlot::default()
        }
    }

    /// Points that will be drawn (both coordinates finite), over all series.
    fn points(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.series
            .iter()
            .flat_map(|s| s.x.iter().copied().zip(s.y.iter().copied()))
            .filter(|(x, y)| x.is_finite() && y.is_finite())
    }

    pub(crate) fn check_data(&self) -> Result<(), PlotError> {
        let t = &self.title;
        if self.series.is_empty() {
            return Err(PlotError::EmptyData {
                title: name(t),
                what: "no series".into(),
            });
        }
        for s in &self.series {
            if s.x.len() != s.y.len() {
                return Err(PlotError::InvalidInput {
                    title: name(t),
                    message: format!(
                        "series \"{}\" has {} x values but {} y values",
                        s.label,
                        s.x.len(),
                        s.y.len()
                    ),
                });
            }
        }
        if self.points().next().is_none() {
            return Err(PlotError::EmptyData {
                title: name(t),
                what: "no series has a finite (x, y) point".into(),
            });
        }
        check_range(t, "x", self.x_range, self.log_x)?;
        check_range(t, "y", self.y_range, self.log_y)?;
        for s in &self.series {
            let pts = || {
                s.x.iter()
                    .zip(&s.y)
                    .filter(|(x, y)| x.is_finite() && y.is_finite())
            };
            let what = format!("series \"{}\"", s.label);
            if self.log_x {
                check_log(t, "x", &what, pts().map(|p| *p.0))?;
            }
            if self.log_y {
                check_log(t, "y", &what, pts().map(|p| *p.1))?;
            }
        }
        for m in &self.markers {
            let what = format!("marker \"{}\"", m.label);
            if self.log_x {
                check_log(t, "x", &what, [m.x])?;
            }
            if self.log_y {
                check_log(t, "y", &what, [m.y])?;
            }
        }
        Ok(())
    }

    fn axes(&self) -> Result<(Axis, Axis), PlotError> {
        self.check_data()?;
        let marks = || {
            self.markers
                .iter()
                .filter(|m| m.x.is_finite() && m.y.is_finite())
        };
        let xs = self.points().map(|p| p.0).chain(marks().map(|m| m.x));
        let ys = self.points().map(|p| p.1).chain(marks().map(|m| m.y));
        let xa = auto_axis(xs, self.log_x, self.x_range);
        let ya = auto_axis(ys, self.log_y, self.y_range);
        match (xa, ya) {
            (Some(x), Some(y)) => Ok((x, y)),
            _ => Err(PlotError::EmptyData {
                title: name(&self.title),
                what: "no finite data".into(),
            }),
        }
    }
}

impl sealed::Draw for LinePlot {
    fn check(&self) -> Result<(), PlotError> {
        self.check_data()
    }
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        draw_line_plot(self, root, &Look::single())
    }
}

impl Render for LinePlot {
    fn title(&self) -> &str {
        &self.title
    }
}

/// What is decided before drawing: axes, clipped curves, visible points, legend corner.
struct Prepared {
    xa: Axis,
    ya: Axis,
    runs: Vec<Vec<Vec<(f64, f64)>>>,
    dots: Vec<Vec<(f64, f64)>>,
    legend: Option<style::Corner>,
}

fn prepare<DB: DrawingBackend>(
    p: &LinePlot,
    area: &DrawingArea<DB, Shift>,
    look: &Look,
) -> Result<Prepared, PlotError> {
    let (xa, mut ya) = p.axes()?;
    let plot = style::plot_px(area.dim_in_pixel(), look, !p.title.is_empty());
    let labels: Vec<&str> = p
        .series
        .iter()
        .map(|s| s.label.as_str())
        .filter(|l| !l.is_empty())
        .collect();
    let (lw, lh) = style::legend_frac(area, &labels, look, plot);
    // with data under every corner, raise the top of an automatic y axis once to make room
    let mut legend = None;
    let mut retried = false;
    loop {
        let mut samples = Vec::new();
        let mut runs = Vec::new();
        let mut dots = Vec::new();
        for s in &p.series {
            let pts: Vec<(f64, f64)> = s.x.iter().copied().zip(s.y.iter().copied()).collect();
            let r = split_sharp_turns(clip_polyline(&pts, &xa, &ya), &xa, &ya);
            let d: Vec<(f64, f64)> = pts
                .into_iter()
                .filter(|q| xa.contains(q.0) && ya.contains(q.1))
                .collect();
            if s.style == SeriesStyle::Points {
                samples.extend(d.iter().map(|q| (xa.norm(q.0), ya.norm(q.1))));
            } else {
                style::sample_runs(&r, &xa, &ya, &mut samples);
            }
            runs.push(r);
            dots.push(d);
        }
        let note = look.note_font();
        for m in p
            .markers
            .iter()
            .filter(|m| xa.contains(m.x) && ya.contains(m.y))
        {
            let (u, v) = (xa.norm(m.x), ya.norm(m.y));
            let est = area.estimate_text_size(&m.label, &note).unwrap_or((0, 0));
            let (tw, th) = (
                (est.0 as f64 + 12.0) / plot.0,
                (est.1 as f64 + 12.0) / plot.1,
            );
            let sx = if u > 0.65 { -1.0 } else { 1.0 };
            let sy = if v > 0.85 { -1.0 } else { 1.0 };
            for k in 0..=10 {
                samples.push((u + sx * tw * k as f64 / 10.0, v + sy * th));
            }
            samples.push((u, v));
        }
        if !labels.is_empty() {
            let (pos, hits) = style::pick_corner(&samples, lw, lh);
            if hits > 0 && !retried && p.y_range.is_none() {
                ya = style::headroom(ya, lh);
                retried = true;
                continue;
            }
            legend = Some(pos);
        }
        return Ok(Prepared {
            xa,
            ya,
            runs,
            dots,
            legend,
        });
    }
}

/// Span of a linear axis (0 for a logarithmic one, whose small ticks are not noise).
fn linear_span(a: &Axis) -> f64 {
    if a.log {
        0.0
    } else {
        (a.hi - a.lo).abs()
    }
}

/// Break polylines where they turn back sharply (by more than 120° on the plot): a wide
/// stroke joined with a miter at such a vertex overshoots into a spike far beyond the data (and
/// beyond the axes), which dense traces such as cycling voltage have at every reversal.
fn split_sharp_turns(runs: Vec<Vec<(f64, f64)>>, xa: &Axis, ya: &Axis) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        let mut cur: Vec<(f64, f64)> = Vec::with_capacity(run.len());
        for p in run {
            let n = cur.len();
            if n >= 2 {
                let q = |v: (f64, f64)| (xa.norm(v.0), ya.norm(v.1));
                let (a, b, c) = (q(cur[n - 2]), q(cur[n - 1]), q(p));
                let (u, w) = ((b.0 - a.0, b.1 - a.1), (c.0 - b.0, c.1 - b.1));
                let (lu, lw) = (u.0.hypot(u.1), w.0.hypot(w.1));
                if lu > 0.0 && lw > 0.0 && (u.0 * w.0 + u.1 * w.1) / (lu * lw) < -0.5 {
                    let last = cur[n - 1];
                    out.push(std::mem::take(&mut cur));
                    cur.push(last);
                }
            }
            cur.push(p);
        }
        if cur.len() >= 2 {
            out.push(cur);
        }
    }
    out
}

/// Draw one line plot on `area` with sizes from `look`.
pub(crate) fn draw_line_plot<DB: DrawingBackend>(
    p: &LinePlot,
    area: &DrawingArea<DB, Shift>,
    look: &Look,
) -> Result<(), PlotError> {
    let mut look = *look;
    let plot = style::plot_px(area.dim_in_pixel(), &look, !p.title.is_empty());
    look.axis = style::fit_desc(area, &look, &[&p.x_label, &p.y_label], plot);
    let look = &look;
    let pre = prepare(p, area, look)?;
    let (xa, ya) = (pre.xa, pre.ya);
    let lin = |a: &Axis| RangedCoordf64::from(a.lo..a.hi);
    let log = |a: &Axis| LogCoord::from((a.lo..a.hi).log_scale());
    match (xa.log, ya.log) {
        (false, false) => draw_in(p, area, look, &pre, lin(&xa), lin(&ya)),
        (true, false) => draw_in(p, area, look, &pre, log(&xa), lin(&ya)),
        (false, true) => draw_in(p, area, look, &pre, lin(&xa), log(&ya)),
        (true, true) => draw_in(p, area, look, &pre, log(&xa), log(&ya)),
    }
}

fn draw_in<DB, X, Y>(
    p: &LinePlot,
    area: &DrawingArea<DB, Shift>,
    look: &Look,
    pre: &Prepared,
    xc: X,
    yc: Y,
) -> Result<(), PlotError>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let t = p.title.as_str();
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(look.margin)
        .x_label_area_size(look.x_area)
        .y_label_area_size(look.y_area);
    if !t.is_empty() {
        builder.caption(t, look.title_font());
    }
    let mut chart = builder.build_cartesian_2d(xc, yc).or_plot(t)?;
    chart
        .configure_mesh()
        .x_desc(p.x_label.as_str())
        .y_desc(p.y_label.as_str())
        .axis_desc_style(look.axis_font())
        .label_style(look.tick_font())
        .x_label_formatter(&|v| style::fmt_tick_on(*v, linear_span(&pre.xa)))
        .y_label_formatter(&|v| style::fmt_tick_on(*v, linear_span(&pre.ya)))
        .x_labels(8)
        .y_labels(8)
        .bold_line_style(BLACK.mix(0.12))
        .light_line_style(BLACK.mix(0.04))
        .draw()
        .or_plot(t)?;

    for (i, s) in p.series.iter().enumerate() {
        let color = s
            .color
            .map_or_else(|| style::color(i), |(r, g, b)| RGBColor(r, g, b));
        let line = color.stroke_width(look.line_width);
        let dot = color.filled();
        let (has_line, has_dots) = match s.style {
            SeriesStyle::Line => (true, false),
            SeriesStyle::Points => (false, true),
            SeriesStyle::LineAndPoints => (true, true),
        };
        let r = look.marker as i32;
        let legend = move |(x, y): (i32, i32)| {
            EmptyElement::at((x, y))
                + PathElement::new(
                    vec![(0, 0), (22, 0)],
                    if has_line { line } else { TRANSPARENT.into() },
                )
                + Circle::new((11, 0), r, if has_dots { dot } else { TRANSPARENT.into() })
        };
        let mut labelled = s.label.is_empty();
        if has_line {
            let ann = chart
                .draw_series(
                    pre.runs[i]
                        .iter()
                        .map(|run| PathElement::new(run.clone(), line)),
                )
                .or_plot(t)?;
            if !labelled {
                ann.label(s.label.as_str()).legend(legend);
                labelled = true;
            }
        }
        if has_dots {
            let ann = chart
                .draw_series(
                    pre.dots[i]
                        .iter()
                        .map(|q| Circle::new(*q, look.marker, dot)),
                )
                .or_plot(t)?;
            if !labelled {
                ann.label(s.label.as_str()).legend(legend);
            }
        }
    }

    // markers: a ring with the label beside it, turned inwards near the right/top edges
    let note = look.note_font();
    for m in p
        .markers
        .iter()
        .filter(|m| pre.xa.contains(m.x) && pre.ya.contains(m.y))
    {
        let (u, v) = (pre.xa.norm(m.x), pre.ya.norm(m.y));
        let (dx, h) = if u > 0.65 {
            (-10, HPos::Right)
        } else {
            (10, HPos::Left)
        };
        let (dy, vp) = if v > 0.85 {
            (10, VPos::Top)
        } else {
            (-10, VPos::Bottom)
        };
        let elem = EmptyElement::at((m.x, m.y))
            + Circle::new((0, 0), 7, BLACK.stroke_width(2))
            + Text::new(m.label.clone(), (dx, dy), note.clone().pos(Pos::new(h, vp)));
        chart.draw_series(std::iter::once(elem)).or_plot(t)?;
    }

    if let Some(pos) = pre.legend {
        style::draw_legend(&mut chart, pos, look, t)?;
    }
    Ok(())
}

#[cfg(test)]
mod split_tests {
    use super::*;

    #[test]
    fn a_reversal_splits_the_run_and_a_gentle_bend_does_not() {
        let a = Axis {
            lo: 0.0,
            hi: 10.0,
            log: false,
        };
        let zig = vec![vec![(0.0, 0.0), (1.0, 10.0), (1.1, 0.0), (2.0, 0.5)]];
        let r = split_sharp_turns(zig, &a, &a);
        assert_eq!(r.len(), 2, "{r:?}");
        assert_eq!(r[0], vec![(0.0, 0.0), (1.0, 10.0)]);
        assert_eq!(r[1][0], (1.0, 10.0));
        let bend = vec![vec![(0.0, 0.0), (1.0, 1.0), (2.0, 1.5), (3.0, 1.0)]];
        assert_eq!(split_sharp_turns(bend, &a, &a).len(), 1);
    }
}
