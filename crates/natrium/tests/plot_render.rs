//! Rendering of every plot type to PNG and SVG (errors of bad input: `plot_errors.rs`). Uses
//! only the embedded DejaVu font (no system fonts).

use std::fs;
use std::path::{Path, PathBuf};

use natrium::plot::{
    to_svg, write, BarChart, Format, HeatMap, LinePlot, Marker, MultiPlot, PlotError, Render,
    Series, SeriesStyle, StackedArea,
};

const BOTH: [Format; 2] = [Format::Png, Format::Svg];

/// Width and height from the IHDR chunk, after checking the PNG signature.
fn png_size(path: &Path) -> (u32, u32) {
    let b = fs::read(path).unwrap();
    assert_eq!(
        &b[..8],
        b"\x89PNG\r\n\x1a\n",
        "{} is not a PNG",
        path.display()
    );
    assert_eq!(&b[12..16], b"IHDR");
    let be = |i: usize| u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    (be(16), be(20))
}

/// Names of the files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

/// Write both formats, check the PNG size and that the SVG holds every string of `texts`.
fn render_both(plot: &impl Render, texts: &[&str]) -> (tempfile::TempDir, Vec<PathBuf>, String) {
    let dir = tempfile::tempdir().unwrap();
    let paths = write(plot, &dir.path().join("fig"), &BOTH).unwrap();
    assert_eq!(
        paths,
        vec![dir.path().join("fig.png"), dir.path().join("fig.svg")]
    );
    assert_eq!(png_size(&paths[0]), plot.size());
    let svg = fs::read_to_string(&paths[1]).unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    for t in texts {
        assert!(svg.contains(t), "SVG lacks {t:?}");
    }
    assert_eq!(
        listing(dir.path()),
        ["fig.png", "fig.svg"],
        "temporary files left behind"
    );
    (dir, paths, svg)
}

fn voltage_plot() -> LinePlot {
    let t: Vec<f64> = (0..200).map(|i| i as f64 * 0.02).collect();
    let v: Vec<f64> = t.iter().map(|t| 3.0 + 0.3 * t.sqrt()).collect();
    let mut p = LinePlot::new("First charge", "time [h]", "voltage [V]");
    p.series.push(Series::new("simulated", t.clone(), v));
    p.series.push(
        Series::new("measured", vec![0.5, 1.0, 2.0], vec![3.2, 3.3, 3.4])
            .with_style(SeriesStyle::LineAndPoints),
    );
    p.markers.push(Marker::new(0.02, 2.95, "nucleation dip"));
    p
}

/// Number of `<polyline` elements stroked in `color` (series runs and legend glyphs).
fn polylines(svg: &str, color: &str) -> usize {
    svg.split("<polyline")
        .skip(1)
        .filter(|rest| rest.split('>').next().unwrap_or("").contains(color))
        .count()
}

#[test]
fn line_plot_renders_in_both_formats() {
    let p = voltage_plot();
    assert_eq!(p.size(), (1000, 700));
    render_both(
        &p,
        &[
            "First charge",
            "time [h]",
            "voltage [V]",
            "simulated",
            "measured",
            "nucleation dip",
        ],
    );
}

#[test]
fn log_axes_render_with_positive_data() {
    let mut p = LinePlot::new("Impedance", "frequency [Hz]", "|Z| [Ω cm²]");
    let f: Vec<f64> = (0..50)
        .map(|i| 10f64.powf(-2.0 + i as f64 * 0.16))
        .collect();
    let z: Vec<f64> = f.iter().map(|f| 10.0 + 100.0 / (1.0 + f)).collect();
    p.series.push(Series::new("", f, z));
    p.log_x = true;
    p.log_y = true;
    render_both(&p, &["Impedance", "frequency [Hz]", "|Z| [Ω cm²]"]);
}

#[test]
fn nan_breaks_a_line_into_runs() {
    let x: Vec<f64> = (0..10).map(f64::from).collect();
    let mut y: Vec<f64> = x.iter().map(|x| x * x).collect();
    y[4] = f64::NAN;
    let mut p = LinePlot::new("Gap", "x [-]", "y [-]");
    p.series.push(Series::new("", x.clone(), y.clone()));
    let svg = to_svg(&p).unwrap();
    assert_eq!(
        polylines(&svg, "#1F77B4"),
        2,
        "NaN must split the line in two"
    );
    y[4] = f64::INFINITY;
    p.series[0].y = y;
    assert_eq!(polylines(&to_svg(&p).unwrap(), "#1F77B4"), 2);
    // a labelled series adds its legend glyph
    p.series[0].label = "parabola".into();
    assert_eq!(polylines(&to_svg(&p).unwrap(), "#1F77B4"), 3);
}

#[test]
fn fixed_ranges_clip_the_data() {
    let x: Vec<f64> = (0..=100).map(|i| i as f64 / 10.0).collect();
    let y: Vec<f64> = x.iter().map(|x| x.sin()).collect();
    let mut p = LinePlot::new("Zoom", "x [-]", "y [-]");
    p.series.push(Series::new("", x, y));
    p.x_range = Some((2.0, 8.0));
    p.y_range = Some((-0.5, 0.5));
    let svg = to_svg(&p).unwrap();
    // sin crosses the band |y| < 0.5 twice between 2 and 8 (near π and 2π)
    assert_eq!(polylines(&svg, "#1F77B4"), 2);
}

#[test]
fn multi_plot_renders_panels() {
    let mut ce = LinePlot::new("Coulombic efficiency", "cycle [-]", "CE [%]");
    ce.series
        .push(Series::new("", vec![1.0, 2.0, 3.0], vec![92.0, 98.5, 99.1]));
    let mut pressure = LinePlot::new("Stack pressure", "cycle [-]", "pressure [MPa]");
    pressure
        .series
        .push(Series::new("", vec![1.0, 2.0, 3.0], vec![2.0, 2.3, 2.4]));
    let mut contact = LinePlot::new("Contact", "cycle [-]", "contact fraction [-]");
    contact
        .series
        .push(Series::new("", vec![1.0, 2.0, 3.0], vec![1.0, 0.8, 0.7]));
    let m = MultiPlot {
        title: "Cycling summary".into(),
        panels: vec![contact, pressure, voltage_plot(), ce],
        columns: 2,
    };
    assert_eq!(m.size().0, 1040);
    render_both(
        &m,
        &[
            "Cycling summary",
            "Coulombic efficiency",
            "CE [%]",
            "pressure [MPa]",
        ],
    );
    let auto = MultiPlot { columns: 0, ..m };
    let (w, h) = auto.size();
    assert!(w >= 1000 && h > 700);
}

#[test]
fn stacked_area_renders_and_skips_nan() {
    let x: Vec<f64> = (0..50).map(|i| i as f64 * 0.1).collect();
    let mut ohmic: Vec<f64> = vec![20.0; 50];
    ohmic[25] = f64::NAN;
    let ct: Vec<f64> = x.iter().map(|t| 10.0 + t).collect();
    let a = StackedArea {
        title: "Overpotential breakdown".into(),
        x_label: "time [h]".into(),
        y_label: "overpotential [mV]".into(),
        x,
        layers: vec![("ohmic".into(), ohmic), ("charge transfer".into(), ct)],
    };
    let (_d, _p, svg) = render_both(
        &a,
        &[
            "Overpotential breakdown",
            "time [h]",
            "overpotential [mV]",
            "ohmic",
        ],
    );
    // two layers, split in two runs each by the NaN
    assert_eq!(svg.matches("<polygon").count(), 4);
}

#[test]
fn bar_chart_marks_nan_values_na() {
    let b = BarChart {
        title: "Specific energy".into(),
        y_label: "specific energy [Wh/kg]".into(),
        categories: vec![
            "anode-free".into(),
            "Na metal".into(),
            "Na-ion".into(),
            "Li-ion".into(),
        ],
        groups: vec![
            ("cell".into(), vec![310.0, 240.0, 160.0, 260.0]),
            ("stack".into(), vec![280.0, f64::NAN, 140.0, 230.0]),
        ],
        value_labels: true,
    };
    let (_d, _p, svg) = render_both(
        &b,
        &[
            "Specific energy",
            "specific energy [Wh/kg]",
            "anode-free",
            "Li-ion",
            "n/a",
            "310",
        ],
    );
    assert_eq!(svg.matches("n/a").count(), 1);
    let all_nan = BarChart {
        groups: vec![("cell".into(), vec![f64::NAN; 4])],
        ..b.clone()
    };
    assert!(matches!(to_svg(&all_nan), Err(PlotError::EmptyData { .. })));
    let short = BarChart {
        groups: vec![("cell".into(), vec![1.0])],
        ..b
    };
    assert!(matches!(
        to_svg(&short),
        Err(PlotError::InvalidInput { .. })
    ));
}

fn ccd_map() -> HeatMap {
    let x: Vec<f64> = (0..12).map(|i| 0.1 * 1.5f64.powi(i)).collect();
    let y: Vec<f64> = (0..8).map(|i| 0.5 + i as f64).collect();
    let z = y
        .iter()
        .map(|p| {
            x.iter()
                .map(|j| {
                    if *j > 5.0 && *p < 2.0 {
                        f64::NAN
                    } else {
                        p * j.sqrt()
                    }
                })
                .collect()
        })
        .collect();
    HeatMap {
        title: "Critical current density".into(),
        x_label: "current density [mA/cm²]".into(),
        y_label: "stack pressure [MPa]".into(),
        z_label: "CCD [mA/cm²]".into(),
        x,
        y,
        z,
        log_x: true,
        log_y: false,
        log_z: true,
    }
}

#[test]
fn heat_map_draws_nan_cells_grey() {
    let h = ccd_map();
    let (_d, _p, svg) = render_both(
        &h,
        &[
            "Critical current density",
            "current density [mA/cm²]",
            "stack pressure [MPa]",
            "CCD [mA/cm²]",
            "n/a",
        ],
    );
    let grey = svg.matches("fill=\"#C8C8C8\"").count();
    let nan = h.z.iter().flatten().filter(|v| v.is_nan()).count();
    assert_eq!(grey, nan + 1, "one grey cell per NaN plus the n/a swatch");
}

#[test]
fn svg_text_is_escaped() {
    let mut p = voltage_plot();
    p.title = "Na|NZSP <1 MPa> & Cu".into();
    let svg = to_svg(&p).unwrap();
    assert!(
        svg.contains("Na|NZSP &lt;1 MPa&gt; &amp; Cu"),
        "title not escaped"
    );
}

#[test]
fn degenerate_inputs_render_without_panicking() {
    // one point, a constant line, an empty marker label, huge and tiny magnitudes
    let mut p = LinePlot::new("", "x [-]", "y [-]");
    p.series.push(Series::new("one", vec![1.0], vec![2.0]));
    p.series.push(Series::new(
        "flat",
        vec![0.0, 1.0, 2.0],
        vec![2.0, 2.0, 2.0],
    ));
    p.markers.push(Marker::new(1.0, 2.0, ""));
    p.markers.push(Marker::new(f64::NAN, 2.0, "ignored"));
    to_svg(&p).unwrap();
    let mut big = LinePlot::new("big", "x [-]", "y [-]");
    big.series
        .push(Series::new("", vec![0.0, 1.0], vec![1e300, f64::MAX]));
    big.series
        .push(Series::new("", vec![0.0, 1.0], vec![1e-300, 2e-300]));
    to_svg(&big).unwrap();
    let mut tiny = LinePlot::new("tiny span", "x [-]", "y [-]");
    tiny.series
        .push(Series::new("", vec![0.0, 1.0], vec![3.4, 3.4 + 1e-13]));
    to_svg(&tiny).unwrap();
    // all-negative bars; a 1×1 heat map; a stack with negative parts
    let bars = BarChart {
        title: "losses".into(),
        y_label: "capacity change [mAh/cm²]".into(),
        categories: vec!["SEI".into()],
        groups: vec![("a".into(), vec![-0.2]), ("b".into(), vec![-0.05])],
        value_labels: true,
    };
    to_svg(&bars).unwrap();
    let one = HeatMap {
        title: "one cell".into(),
        x: vec![1.0],
        y: vec![0.0],
        z: vec![vec![5.0]],
        ..HeatMap::default()
    };
    to_svg(&one).unwrap();
    let neg = StackedArea {
        title: "signed".into(),
        x: vec![0.0, 1.0, 2.0],
        layers: vec![
            ("a".into(), vec![1.0, -1.0, 2.0]),
            ("b".into(), vec![-0.5, 0.5, 0.0]),
        ],
        ..StackedArea::default()
    };
    let dir = tempfile::tempdir().unwrap();
    write(&neg, &dir.path().join("neg"), &BOTH).unwrap();
}

#[test]
fn crowded_bar_labels_turn_vertical() {
    let categories: Vec<String> = (1..=22).map(|i| format!("{i} Na3V2(PO4)3/C")).collect();
    let b = BarChart {
        title: "Table 1".into(),
        y_label: "stack specific energy [Wh/kg]".into(),
        groups: vec![("Wh/kg".into(), (0..22).map(|i| 100.0 + i as f64).collect())],
        categories,
        value_labels: false,
    };
    let svg = to_svg(&b).unwrap();
    assert!(svg.contains("22 Na3V2(PO4)3/C"));
    assert_eq!(
        svg.matches("rotate(270").count(),
        22 + 1,
        "22 labels and the y description"
    );
}
