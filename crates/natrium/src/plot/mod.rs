//! Plots as PNG and SVG files.
//!
//! Each plot type is plain data — [`LinePlot`] (with [`Series`] and annotated [`Marker`]s),
//! [`MultiPlot`] (several line plots in one figure), [`StackedArea`], [`BarChart`],
//! [`HeatMap`] and [`LabelledHeatMap`] (text in each cell) — and implements [`Render`]; [`write`]
//! turns it into `stem.png` and/or `stem.svg`.
//! Coordinates are in the caller's units, and titles and axis labels carry them
//! (`"voltage [V]"`). Ranges are chosen from the finite data (NaN and ±inf are skipped and break
//! lines); a logarithmic axis refuses values ≤ 0 with a [`PlotError`] naming the axis and value.
//!
//! **Fonts.** Text is drawn with DejaVu Sans (regular and bold) embedded in the binary by the
//! `dejavu` crate and registered once with plotters' pure-Rust `ab_glyph` backend under the
//! family `sans-serif`. No system font library (fontconfig, freetype) is linked or consulted, so
//! plots are identical on every machine. SVG text names the family `sans-serif`; its layout
//! was computed with DejaVu metrics.
//!
//! **Atomic writes.** A plot file appears whole or not at all (see [`crate::fsutil`]): an SVG is
//! rendered into a string and written with [`crate::fsutil::write_atomic`]; a PNG is encoded by
//! plotters into a hidden temporary `.png` beside the target (the encoder picks the format from
//! the extension), which is then read back and written atomically; the temporary is always
//! removed.

mod area;
mod axis;
mod bars;
mod envelope;
mod fonts;
mod heatmap;
mod line;
mod multi;
mod style;

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};

use plotters::coord::Shift;
use plotters::prelude::*;

pub use area::StackedArea;
pub use bars::BarChart;
pub use envelope::Envelope;
pub use fonts::FAMILY as FONT_FAMILY;
pub use heatmap::{HeatMap, LabelledHeatMap};
pub use line::{LinePlot, Marker, Series, SeriesStyle};
pub use multi::MultiPlot;
pub use style::sequential;

use crate::fsutil::write_atomic;
use style::OrPlot;

/// Default figure size of a single plot, pixels.
pub const DEFAULT_SIZE: (u32, u32) = (1000, 700);

/// An output file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

impl FromStr for Format {
    type Err = String;
    /// `png` or `svg` (case-insensitive).
    fn from_str(s: &str) -> Result<Format, String> {
        match s.to_ascii_lowercase().as_str() {
            "png" => Ok(Format::Png),
            "svg" => Ok(Format::Svg),
            _ => Err(format!(
                "unknown plot format `{s}` (expected `png` or `svg`)"
            )),
        }
    }
}

/// Why a plot could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlotError {
    #[error("cannot write plot file {}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    #[error("plot \"{title}\" has nothing to draw: {what}")]
    EmptyData { title: String, what: String },
    #[error("plot \"{title}\": the {axis} axis is logarithmic but {what} contains {value} (values must be > 0)")]
    InvalidLogData {
        title: String,
        axis: &'static str,
        what: String,
        value: f64,
    },
    #[error("plot \"{title}\": {message}")]
    InvalidInput { title: String, message: String },
    #[error("drawing plot \"{title}\" failed: {message}")]
    Backend { title: String, message: String },
    #[error("no plot format requested for {}", stem.display())]
    NoFormat { stem: PathBuf },
}

/// A title for messages (`(untitled)` when empty).
pub(crate) fn name(title: &str) -> String {
    if title.is_empty() {
        "(untitled)".into()
    } else {
        title.to_string()
    }
}

mod sealed {
    use super::PlotError;
    use plotters::coord::Shift;
    use plotters::prelude::{DrawingArea, DrawingBackend};

    /// Validation and drawing, internal to the crate.
    pub trait Draw {
        /// Check the data before anything is drawn or written.
        fn check(&self) -> Result<(), PlotError>;
        /// Draw onto a white root area of [`super::Render::size`].
        fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), PlotError>;
    }
}

/// A figure that can be written by [`write`] (implemented by every plot type of this module).
pub trait Render: sealed::Draw {
    /// The figure title (used in error messages).
    fn title(&self) -> &str;
    /// Width and height in pixels.
    fn size(&self) -> (u32, u32) {
        DEFAULT_SIZE
    }
}

/// Write `plot` to `stem.png` and/or `stem.svg` (the extension is appended to `stem`; missing
/// directories are created) and return the paths written, in the order of `formats`
/// (duplicates written once). The data are checked before any file is touched.
pub fn write(
    plot: &impl Render,
    stem: &Path,
    formats: &[Format],
) -> Result<Vec<PathBuf>, PlotError> {
    if formats.is_empty() {
        return Err(PlotError::NoFormat {
            stem: stem.to_path_buf(),
        });
    }
    plot.check()?;
    fonts::ensure()?;
    let mut done: Vec<Format> = Vec::new();
    let mut paths = Vec::new();
    for &f in formats {
        if done.contains(&f) {
            continue;
        }
        done.push(f);
        let mut p = OsString::from(stem.as_os_str());
        p.push(".");
        p.push(f.extension());
        let path = PathBuf::from(p);
        match f {
            Format::Svg => {
                let svg = to_svg(plot)?;
                write_atomic(&path, svg.as_bytes()).map_err(|e| io_err(&path, e))?;
            }
            Format::Png => write_png(plot, &path)?,
        }
        paths.push(path);
    }
    Ok(paths)
}

/// Render `plot` as an SVG document in memory.
pub fn to_svg(plot: &impl Render) -> Result<String, PlotError> {
    plot.check()?;
    fonts::ensure()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, plot.size()).into_drawing_area();
        draw_root(plot, &root)?;
        root.present().or_plot(plot.title())?;
    }
    Ok(svg)
}

fn draw_root<DB: DrawingBackend>(
    plot: &impl Render,
    root: &DrawingArea<DB, Shift>,
) -> Result<(), PlotError> {
    root.fill(&WHITE).or_plot(plot.title())?;
    plot.draw(root)
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> PlotError {
    PlotError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// A hidden sibling `.png` that plotters' encoder can write; removed on drop.
struct TempPng(PathBuf);

impl Drop for TempPng {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

fn write_png(plot: &impl Render, path: &Path) -> Result<(), PlotError> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        fs::create_dir_all(dir).map_err(|e| io_err(path, e))?;
    }
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp_name = format!(
        ".{file}.render-{}-{}.png",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let tmp = TempPng(match dir {
        Some(d) => d.join(tmp_name),
        None => PathBuf::from(tmp_name),
    });
    {
        let root = BitMapBackend::new(&tmp.0, plot.size()).into_drawing_area();
        draw_root(plot, &root)?;
        root.present().map_err(|e| io_err(path, e))?;
    }
    let bytes = fs::read(&tmp.0).map_err(|e| io_err(path, e))?;
    write_atomic(path, &bytes).map_err(|e| io_err(path, e))?;
    Ok(())
}
