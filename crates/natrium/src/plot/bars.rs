//! Grouped bar charts, e.g. Wh/kg of anode-free vs Na-metal vs Na-ion vs Li cells.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::FontTransform;

use super::axis::{self, Axis};
use super::style::{self, Look, OrPlot};
use super::{name, sealed, PlotError, Render};

/// Bars grouped by category: each group (a colour, in the legend) has one value per category.
/// NaN/inf values draw no bar and are noted "n/a". With `value_labels` each bar carries its value.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BarChart {
    pub title: String,
    pub y_label: String,
    pub categories: Vec<String>,
    /// `(label, values)`, one value per category.
    pub groups: Vec<(String, Vec<f64>)>,
    pub value_labels: bool,
}

/// Fraction of a category slot taken by its bars.
const FILL: f64 = 0.8;

impl BarChart {
    /// `(x0, x1)` of bar `j` in category `i` (axis units: category `i` spans `[i, i + 1]`).
    fn bar_x(&self, i: usize, j: usize) -> (f64, f64) {
        let w = FILL / self.groups.len() as f64;
        let x0 = i as f64 + (1.0 - FILL) / 2.0 + j as f64 * w;
        (x0 + 0.04 * w, x0 + 0.96 * w)
    }

    fn finite(&self) -> impl Iterator<Item = f64> + '_ {
        self.groups
            .iter()
            .flat_map(|g| g.1.iter().copied())
            .filter(|v| v.is_finite())
    }
}

/// Category names under the axis: wrapped into lines, or turned vertical (reading upwards,
/// shortened with "…" if very long) when a single word is wider than its slot.
enum CategoryLabels {
    Wrapped {
        lines: Vec<Vec<String>>,
        font: TextStyle<'static>,
        line_h: f64,
    },
    Vertical {
        labels: Vec<String>,
        font: TextStyle<'static>,
        height: u32,
    },
}

impl CategoryLabels {
    fn layout<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        categories: &[String],
        look: &Look,
        slot: f64,
    ) -> CategoryLabels {
        let font = look.tick_font();
        let width = |s: &str, f: &TextStyle| {
            area.estimate_text_size(s, f)
                .map(|d| d.0 as f64)
                .unwrap_or(0.0)
        };
        let fits = categories
            .iter()
            .flat_map(|c| c.split_whitespace())
            .all(|w| width(w, &font) <= slot - 6.0);
        if fits {
            let lines = categories
                .iter()
                .map(|c| wrap(area, c, &font, slot - 8.0))
                .collect();
            return CategoryLabels::Wrapped {
                lines,
                font,
                line_h: look.tick * 1.25,
            };
        }
        let size = (0.8 * slot).clamp(10.0, look.tick);
        let font = style::regular(size);
        let max_w = 0.4 * area.dim_in_pixel().1 as f64;
        let labels: Vec<String> = categories
            .iter()
            .map(|c| {
                let mut s = c.clone();
                while width(&s, &font) > max_w && s.chars().count() > 2 {
                    s.pop();
                    s.pop();
                    s.push('…');
                }
                s
            })
            .collect();
        let widest = labels.iter().map(|l| width(l, &font)).fold(0.0, f64::max);
        let font = font.transform(FontTransform::Rotate270);
        CategoryLabels::Vertical {
            labels,
            font,
            height: (widest + 24.0) as u32,
        }
    }

    /// Height of the label area below the axis, pixels.
    fn height(&self) -> u32 {
        match self {
            CategoryLabels::Wrapped { lines, line_h, .. } => {
                let n = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
                (24.0 + n as f64 * line_h) as u32
            }
            CategoryLabels::Vertical { height, .. } => *height,
        }
    }

    /// Draw the label of category `i` under the axis point `(px, py)`.
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        i: usize,
        (px, py): (i32, i32),
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        match self {
            CategoryLabels::Wrapped {
                lines,
                font,
                line_h,
            } => {
                for (k, line) in lines[i].iter().enumerate() {
                    let pos = (px, py + 10 + (k as f64 * line_h) as i32);
                    let style = font.clone().pos(Pos::new(HPos::Center, VPos::Top));
                    root.draw(&Text::new(line.clone(), pos, style))?;
                }
                Ok(())
            }
            CategoryLabels::Vertical { labels, font, .. } => {
                let style = font.clone().pos(Pos::new(HPos::Right, VPos::Center));
                root.draw(&Text::new(labels[i].clone(), (px, py + 8), style))
            }
        }
    }
}

/// Greedy word wrap of `text` into lines at most `width` pixels wide.
fn wrap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &TextStyle,
    width: f64,
) -> Vec<String> {
    let fits = |s: &str| {
        area.estimate_text_size(s, font)
            .map(|d| d.0 as f64 <= width)
            .unwrap_or(true)
    };
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(last) if fits(&format!("{last} {word}")) => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

impl sealed::Draw for BarChart {
    fn check(&self) -> Result<(), PlotError> {
        let t = &self.title;
        if self.categories.is_empty() || self.groups.is_empty() {
            let what = if self.categories.is_empty() {
                "no categories"
            } else {
                "no groups"
            };
            return Err(PlotError::EmptyData {
                title: name(t),
                what: what.into(),
            });
        }
        for (label, v) in &self.groups {
            if v.len() != self.categories.len() {
                return Err(PlotError::InvalidInput {
                    title: name(t),
                    message: format!(
                        "group \"{label}\" has {} values for {} categories",
                        v.len(),
                        self.categories.len()
                    ),
                });
            }
        }
        if self.finite().next().is_none() {
            return Err(PlotError::EmptyData {
                title: name(t),
                what: "every value is NaN".into(),
            });
        }
        Ok(())
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError> {
        let t = self.title.as_str();
        let mut look = Look::single();
        let n = self.categories.len();
        let plot = style::plot_px(root.dim_in_pixel(), &look, !t.is_empty());

        // category labels: wrapped to their slot, or vertical when a word does not fit
        let cats = CategoryLabels::layout(root, &self.categories, &look, plot.0 / n as f64);
        look.x_area = look.x_area.max(cats.height());
        let plot = style::plot_px(root.dim_in_pixel(), &look, !t.is_empty());
        look.axis = style::fit_desc(root, &look, &[&self.y_label], plot);

        let (lo, hi) = self
            .finite()
            .fold((0.0f64, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let mut ya = axis::pad(lo, hi, false);
        if lo >= 0.0 {
            ya.lo = 0.0;
        }
        if self.value_labels {
            // room for the labels above (and below negative) bars
            let span = ya.hi - ya.lo;
            ya.hi += 0.04 * span;
            if lo < 0.0 {
                ya.lo -= 0.04 * span;
            }
        }
        let xa = Axis {
            lo: 0.0,
            hi: n as f64,
            log: false,
        };

        // legend: an empty corner, or room made above the bars
        let labels: Vec<&str> = self
            .groups
            .iter()
            .map(|g| g.0.as_str())
            .filter(|l| !l.is_empty())
            .collect();
        let mut corner = None;
        if !labels.is_empty() {
            let (lw, lh) = style::legend_frac(root, &labels, &look, plot);
            let mut samples = Vec::new();
            for (j, (_, v)) in self.groups.iter().enumerate() {
                for (i, &y) in v.iter().enumerate().filter(|(_, y)| y.is_finite()) {
                    let (x0, x1) = self.bar_x(i, j);
                    let top = if self.value_labels {
                        y + 0.06 * (ya.hi - ya.lo) * y.signum()
                    } else {
                        y
                    };
                    for a in 0..=4 {
                        for b in 0..=10 {
                            let x = x0 + (x1 - x0) * a as f64 / 4.0;
                            samples.push((xa.norm(x), ya.norm(top * b as f64 / 10.0)));
                        }
                    }
                }
            }
            let (c, hits) = style::pick_corner(&samples, lw, lh);
            corner = Some(if hits > 0 {
                ya = style::headroom(ya, lh);
                style::Corner::UpperRight
            } else {
                c
            });
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
            .disable_x_mesh()
            .x_labels(0)
            .y_desc(self.y_label.as_str())
            .axis_desc_style(look.axis_font())
            .label_style(look.tick_font())
            .y_label_formatter(&|v| style::fmt_tick(*v))
            .y_labels(8)
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(BLACK.mix(0.04))
            .draw()
            .or_plot(t)?;
        if ya.lo < 0.0 {
            let zero = PathElement::new(vec![(xa.lo, 0.0), (xa.hi, 0.0)], BLACK.stroke_width(1));
            chart.draw_series(std::iter::once(zero)).or_plot(t)?;
        }

        // value labels shrink to the bar width (down to 11 px)
        let bar_px = plot.0 * (FILL / (n * self.groups.len()) as f64);
        let widest = self
            .finite()
            .map(|v| {
                root.estimate_text_size(&style::fmt_value(v), &look.note_font())
                    .map(|d| d.0)
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0) as f64;
        let value_size = if widest > bar_px + 6.0 {
            (look.note * (bar_px + 6.0) / widest).max(11.0)
        } else {
            look.note
        };
        let value_font = style::regular(value_size);
        let na_font = style::regular(value_size).color(&RGBColor(110, 110, 110));

        for (j, (label, v)) in self.groups.iter().enumerate() {
            let fill = style::color(j).filled();
            let bars = v
                .iter()
                .enumerate()
                .filter(|(_, y)| y.is_finite())
                .map(|(i, &y)| {
                    let (x0, x1) = self.bar_x(i, j);
                    Rectangle::new([(x0, 0.0), (x1, y)], fill)
                });
            let ann = chart.draw_series(bars).or_plot(t)?;
            if !label.is_empty() {
                ann.label(label.as_str())
                    .legend(move |(x, y)| Rectangle::new([(x, y - 7), (x + 22, y + 7)], fill));
            }
            for (i, &y) in v.iter().enumerate() {
                let (x0, x1) = self.bar_x(i, j);
                let xm = 0.5 * (x0 + x1);
                let (text, font, at, vp, off) = if !y.is_finite() {
                    ("n/a".to_string(), &na_font, 0.0, VPos::Bottom, -4)
                } else if !self.value_labels {
                    continue;
                } else if y >= 0.0 {
                    (style::fmt_value(y), &value_font, y, VPos::Bottom, -4)
                } else {
                    (style::fmt_value(y), &value_font, y, VPos::Top, 4)
                };
                let style = font.clone().pos(Pos::new(HPos::Center, vp));
                let elem = EmptyElement::at((xm, at)) + Text::new(text, (0, off), style);
                chart.draw_series(std::iter::once(elem)).or_plot(t)?;
            }
        }

        // category names under the axis, centred on their slots
        for i in 0..n {
            let (px, py) = chart.backend_coord(&(i as f64 + 0.5, ya.lo));
            cats.draw(root, i, (px, py)).or_plot(t)?;
        }
        if let Some(c) = corner {
            style::draw_legend(&mut chart, c, &look, t)?;
        }
        Ok(())
    }
}

impl Render for BarChart {
    fn title(&self) -> &str {
        &self.title
    }
}
