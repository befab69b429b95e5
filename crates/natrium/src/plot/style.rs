//! Shared look (fonts, sizes, palette), axis ranges, clipping and legend placement.

use std::fmt::Display;

use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle};

use super::axis::Axis;
use super::{name, PlotError};

/// Tableau-10 palette: ten hues that stay distinguishable in print and on screen.
const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// Colour of the `i`-th series (cycles after ten).
pub(crate) fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// Grey used for missing (NaN) values.
pub(crate) const MISSING: RGBColor = RGBColor(200, 200, 200);

/// Sizes in pixels for one chart; `Look::single()` is for a 1000×700 figure.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look {
    pub title: f64,
    pub axis: f64,
    pub tick: f64,
    pub legend: f64,
    pub note: f64,
    pub line_width: u32,
    pub marker: u32,
    pub margin: u32,
    pub x_area: u32,
    pub y_area: u32,
}

impl Look {
    pub fn single() -> Look {
        Look {
            title: 30.0,
            axis: 22.0,
            tick: 18.0,
            legend: 18.0,
            note: 17.0,
            line_width: 2,
            marker: 4,
            margin: 20,
            x_area: 70,
            y_area: 95,
        }
    }

    /// Smaller text and areas for panels of a multi-plot figure.
    pub fn panel() -> Look {
        Look {
            title: 22.0,
            axis: 18.0,
            tick: 15.0,
            legend: 15.0,
            note: 14.0,
            line_width: 2,
            marker: 3,
            margin: 14,
            x_area: 58,
            y_area: 82,
        }
    }

    pub fn title_font(&self) -> TextStyle<'static> {
        bold(self.title)
    }
    pub fn axis_font(&self) -> TextStyle<'static> {
        regular(self.axis)
    }
    pub fn tick_font(&self) -> TextStyle<'static> {
        regular(self.tick)
    }
    pub fn legend_font(&self) -> TextStyle<'static> {
        regular(self.legend)
    }
    pub fn note_font(&self) -> TextStyle<'static> {
        regular(self.note)
    }
}

pub(crate) fn regular(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal).into()
}

pub(crate) fn bold(size: f64) -> TextStyle<'static> {
    FontDesc::new(FontFamily::SansSerif, size, FontStyle::Bold).into()
}

/// Anchors of the viridis colour map (van der Walt & Smith, matplotlib 2.0), every 1/8.
const VIRIDIS: [(f64, f64, f64); 9] = [
    (68.0, 1.0, 84.0),
    (71.0, 44.0, 122.0),
    (59.0, 81.0, 139.0),
    (44.0, 113.0, 142.0),
    (33.0, 144.0, 141.0),
    (39.0, 173.0, 129.0),
    (92.0, 200.0, 99.0),
    (170.0, 220.0, 50.0),
    (253.0, 231.0, 37.0),
];

/// A colour of a sequential, perceptually ordered map (viridis) at `f` ∈ [0, 1]: dark purple
/// at 0, yellow at 1. For series that follow an order, such as cycle numbers.
pub fn sequential(f: f64) -> (u8, u8, u8) {
    let f = if f.is_finite() {
        f.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = f * 8.0;
    let k = (x.floor() as usize).min(7);
    let u = x - k as f64;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    let mix = |p: f64, q: f64| (p + (q - p) * u).round() as u8;
    (mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Tick label: at most 6 significant digits, no float noise, scientific outside [1e-3, 1e5).
pub(crate) fn fmt_tick(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return if v.is_finite() {
            "0".into()
        } else {
            format!("{v}")
        };
    }
    let r: f64 = format!("{v:.5e}").parse().unwrap_or(v);
    let a = r.abs();
    if !(1e-3..1e5).contains(&a) {
        format!("{r:e}")
    } else {
        format!("{r}")
    }
}

/// Tick label on an axis spanning `span` (data units): a value within 1e-9 of the span from 0
/// is float noise of a tick at zero (e.g. -1.38778e-17) and reads "0".
pub(crate) fn fmt_tick_on(v: f64, span: f64) -> String {
    if span.is_finite() && span > 0.0 && v.abs() <= 1e-9 * span {
        return "0".into();
    }
    fmt_tick(v)
}

/// Value label for bars: three significant digits.
pub(crate) fn fmt_value(v: f64) -> String {
    let a = v.abs();
    if v == 0.0 {
        "0".into()
    } else if !(1e-3..1e6).contains(&a) {
        format!("{v:.2e}")
    } else {
        let decimals = (2 - a.log10().floor() as i32).max(0) as usize;
        format!("{v:.decimals$}")
    }
}

/// Map any displayable drawing error to [`PlotError::Backend`].
pub(crate) trait OrPlot<T> {
    fn or_plot(self, title: &str) -> Result<T, PlotError>;
}

impl<T, E: Display> OrPlot<T> for Result<T, E> {
    fn or_plot(self, title: &str) -> Result<T, PlotError> {
        self.map_err(|e| PlotError::Backend {
            title: name(title),
            message: e.to_string(),
        })
    }
}

/// Points along the runs (normalised coordinates, at most ~1 % of the axis apart), used to find
/// an empty corner for the legend.
pub(crate) fn sample_runs(
    runs: &[Vec<(f64, f64)>],
    xa: &Axis,
    ya: &Axis,
    out: &mut Vec<(f64, f64)>,
) {
    for run in runs {
        let n: Vec<(f64, f64)> = run.iter().map(|p| (xa.norm(p.0), ya.norm(p.1))).collect();
        if let Some(first) = n.first() {
            out.push(*first);
        }
        for w in n.windows(2) {
            let d = (w[1].0 - w[0].0).abs().max((w[1].1 - w[0].1).abs());
            let k = ((d / 0.01).ceil() as usize).clamp(1, 100);
            for j in 1..=k {
                let t = j as f64 / k as f64;
                out.push((
                    w[0].0 + t * (w[1].0 - w[0].0),
                    w[0].1 + t * (w[1].1 - w[0].1),
                ));
            }
        }
    }
}

/// A corner of the plotting area (for the legend).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Corner {
    UpperRight,
    UpperLeft,
    LowerRight,
    LowerLeft,
}

impl Corner {
    fn position(self) -> SeriesLabelPosition {
        match self {
            Corner::UpperRight => SeriesLabelPosition::UpperRight,
            Corner::UpperLeft => SeriesLabelPosition::UpperLeft,
            Corner::LowerRight => SeriesLabelPosition::LowerRight,
            Corner::LowerLeft => SeriesLabelPosition::LowerLeft,
        }
    }
}

/// The corner whose legend box (fractions `w` × `h` of the plot) covers the fewest samples, and
/// that count; ties go to upper right, upper left, lower right, lower left in that order.
pub(crate) fn pick_corner(samples: &[(f64, f64)], w: f64, h: f64) -> (Corner, usize) {
    let (w, h) = (w.min(1.0) + 0.02, h.min(1.0) + 0.02);
    let corners = [
        (Corner::UpperRight, 1.0 - w, 1.0, 1.0 - h, 1.0),
        (Corner::UpperLeft, 0.0, w, 1.0 - h, 1.0),
        (Corner::LowerRight, 1.0 - w, 1.0, 0.0, h),
        (Corner::LowerLeft, 0.0, w, 0.0, h),
    ];
    let mut best = (Corner::UpperRight, usize::MAX);
    for (pos, x0, x1, y0, y1) in corners {
        let n = samples
            .iter()
            .filter(|(x, y)| (x0..=x1).contains(x) && (y0..=y1).contains(y))
            .count();
        if n < best.1 {
            best = (pos, n);
        }
    }
    best
}

/// Raise the top of `a` so that the data (now filling it) occupy only the lower `1 - h` of it,
/// leaving room for a legend in an upper corner.
pub(crate) fn headroom(a: Axis, h: f64) -> Axis {
    let keep = (1.0 - h.min(0.6) - 0.03).max(0.3);
    Axis {
        hi: a.at(1.0 / keep),
        ..a
    }
}

/// Approximate size in pixels of the plotting area of a chart drawn on an area of `dim` pixels.
pub(crate) fn plot_px(dim: (u32, u32), look: &Look, titled: bool) -> (f64, f64) {
    let caption = if titled {
        look.title * 1.3 + look.margin as f64
    } else {
        0.0
    };
    let w = dim.0 as f64 - 2.0 * look.margin as f64 - look.y_area as f64;
    let h = dim.1 as f64 - 2.0 * look.margin as f64 - look.x_area as f64 - caption;
    (w.max(50.0), h.max(50.0))
}

/// Legend box size as fractions of the plotting area: `labels` with a 22 px glyph each.
pub(crate) fn legend_frac<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    labels: &[&str],
    look: &Look,
    plot: (f64, f64),
) -> (f64, f64) {
    let font = look.legend_font();
    let text_w = labels
        .iter()
        .map(|l| area.estimate_text_size(l, &font).map(|s| s.0).unwrap_or(0))
        .max()
        .unwrap_or(0);
    let w = (text_w as f64 + 70.0) / plot.0;
    let h = (labels.len() as f64 * (look.legend * 1.3) + 30.0) / plot.1;
    (w, h)
}

/// Size of the axis-description font: `look.axis`, shrunk (down to 12 px) so that each of
/// `descs` fits along the shorter side of the plotting area `plot`.
pub(crate) fn fit_desc<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    look: &Look,
    descs: &[&str],
    plot: (f64, f64),
) -> f64 {
    let room = plot.0.min(plot.1) - 10.0;
    let widest = descs
        .iter()
        .map(|d| {
            area.estimate_text_size(d, &look.axis_font())
                .map(|s| s.0)
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0) as f64;
    if widest > room && widest > 0.0 {
        (look.axis * room / widest).max(12.0)
    } else {
        look.axis
    }
}

/// Draw `title` centred in a band at the top of `area` and return the area below it (all of
/// `area` when the title is empty).
pub(crate) fn titled<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    look: &Look,
) -> Result<DrawingArea<DB, plotters::coord::Shift>, PlotError> {
    if title.is_empty() {
        return Ok(area.clone());
    }
    let (head, rest) = area.split_vertically((look.title * 1.9) as u32);
    let (w, h) = head.dim_in_pixel();
    let style = look.title_font().pos(Pos::new(HPos::Center, VPos::Center));
    head.draw(&Text::new(
        title.to_string(),
        (w as i32 / 2, h as i32 / 2 + 4),
        style,
    ))
    .or_plot(title)?;
    Ok(rest)
}

/// Draw the legend of `chart` at `pos` in the common style.
pub(crate) fn draw_legend<'a, DB: DrawingBackend + 'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    corner: Corner,
    look: &Look,
    title: &str,
) -> Result<(), PlotError> {
    chart
        .configure_series_labels()
        .position(corner.position())
        .margin(12)
        .legend_area_size(30)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.4))
        .label_font(look.legend_font())
        .draw()
        .or_plot(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_have_no_float_noise() {
        assert_eq!(fmt_tick(0.1 + 0.2), "0.3");
        assert_eq!(fmt_tick(0.0), "0");
        assert_eq!(fmt_tick(250.0), "250");
        assert_eq!(fmt_tick(1e-5), "1e-5");
        assert_eq!(fmt_tick(2.5e6), "2.5e6");
        assert_eq!(fmt_tick_on(-1.38778e-17, 0.4), "0");
        assert_eq!(fmt_tick_on(0.05, 0.4), "0.05");
        assert_eq!(fmt_value(123.456), "123");
        assert_eq!(fmt_value(1.23456), "1.23");
        assert_eq!(fmt_value(0.0123), "0.0123");
    }

    #[test]
    fn the_sequential_map_is_ordered_in_lightness() {
        let l = |c: (u8, u8, u8)| 0.2126 * c.0 as f64 + 0.7152 * c.1 as f64 + 0.0722 * c.2 as f64;
        let cs: Vec<f64> = (0..=20).map(|i| l(sequential(i as f64 / 20.0))).collect();
        assert!(cs.windows(2).all(|w| w[1] > w[0]), "{cs:?}");
        assert_eq!(sequential(0.0), (68, 1, 84));
        assert_eq!(sequential(1.0), (253, 231, 37));
    }

    #[test]
    fn legend_goes_to_an_empty_corner() {
        // data along the top: legend must go low
        let s: Vec<(f64, f64)> = (0..=100).map(|i| (i as f64 / 100.0, 0.95)).collect();
        assert!(matches!(pick_corner(&s, 0.3, 0.2), (Corner::LowerRight, 0)));
    }
}
