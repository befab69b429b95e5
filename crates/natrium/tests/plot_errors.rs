//! Errors of the plotting module: bad input is a typed error, never a panic, and a failed plot
//! writes nothing.

use std::fs;
use std::path::Path;

use natrium::plot::{
    to_svg, write, BarChart, Format, HeatMap, LinePlot, MultiPlot, PlotError, Series, StackedArea,
};

const BOTH: [Format; 2] = [Format::Png, Format::Svg];

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

fn voltage_plot() -> LinePlot {
    let t: Vec<f64> = (0..200).map(|i| i as f64 * 0.02).collect();
    let v: Vec<f64> = t.iter().map(|t| 3.0 + 0.3 * t.sqrt()).collect();
    let mut p = LinePlot::new("First charge", "time [h]", "voltage [V]");
    p.series.push(Series::new("simulated", t, v));
    p.series.push(Series::new(
        "measured",
        vec![0.5, 1.0, 2.0],
        vec![3.2, 3.3, 3.4],
    ));
    p
}

fn ccd_map() -> HeatMap {
    let x: Vec<f64> = (0..6).map(|i| 0.1 * 2f64.powi(i)).collect();
    let y: Vec<f64> = (0..4).map(|i| 0.5 + i as f64).collect();
    let z = y
        .iter()
        .map(|p| x.iter().map(|j| p * j).collect())
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
fn log_axis_refuses_non_positive_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = voltage_plot();
    p.series[1].y[1] = -0.5;
    p.log_y = true;
    let err = write(&p, &dir.path().join("fig"), &BOTH).unwrap_err();
    match &err {
        PlotError::InvalidLogData {
            axis, value, what, ..
        } => {
            assert_eq!((*axis, *value), ("y", -0.5));
            assert!(what.contains("measured"), "{what}");
        }
        e => panic!("unexpected {e:?}"),
    }
    assert!(err.to_string().contains("y axis"), "{err}");
    let mut q = voltage_plot();
    q.log_x = true; // t starts at 0
    assert!(matches!(
        write(&q, &dir.path().join("fig"), &BOTH),
        Err(PlotError::InvalidLogData { axis: "x", value, .. }) if value == 0.0
    ));
    assert!(
        listing(dir.path()).is_empty(),
        "a failed plot must write nothing"
    );
}

#[test]
fn empty_data_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let stem = dir.path().join("fig");
    let empty = LinePlot::new("Nothing", "x [-]", "y [-]");
    let e = write(&empty, &stem, &BOTH).unwrap_err();
    assert!(
        matches!(&e, PlotError::EmptyData { title, .. } if title == "Nothing"),
        "{e:?}"
    );
    let mut all_nan = LinePlot::new("All NaN", "x [-]", "y [-]");
    all_nan
        .series
        .push(Series::new("a", vec![f64::NAN, 1.0], vec![1.0, f64::NAN]));
    assert!(matches!(
        write(&all_nan, &stem, &BOTH),
        Err(PlotError::EmptyData { .. })
    ));
    let mut zero_len = LinePlot::new("Zero", "x [-]", "y [-]");
    zero_len.series.push(Series::new("a", vec![], vec![]));
    assert!(matches!(
        write(&zero_len, &stem, &BOTH),
        Err(PlotError::EmptyData { .. })
    ));
    let multi = MultiPlot {
        title: "none".into(),
        panels: vec![],
        columns: 2,
    };
    assert!(matches!(
        write(&multi, &stem, &BOTH),
        Err(PlotError::EmptyData { .. })
    ));
    let area = StackedArea {
        title: "no layers".into(),
        ..StackedArea::default()
    };
    assert!(matches!(
        write(&area, &stem, &BOTH),
        Err(PlotError::EmptyData { .. })
    ));
    let bars = BarChart {
        title: "no bars".into(),
        ..BarChart::default()
    };
    assert!(matches!(
        write(&bars, &stem, &BOTH),
        Err(PlotError::EmptyData { .. })
    ));
    let heat = HeatMap {
        title: "no map".into(),
        ..HeatMap::default()
    };
    assert!(matches!(
        write(&heat, &stem, &BOTH),
        Err(PlotError::EmptyData { .. })
    ));
    assert!(listing(dir.path()).is_empty());
}

#[test]
fn mismatched_lengths_and_bad_ranges_are_input_errors() {
    let mut p = voltage_plot();
    p.series[0].y.pop();
    let e = to_svg(&p).unwrap_err();
    assert!(matches!(&e, PlotError::InvalidInput { message, .. } if message.contains("simulated")));
    let mut q = voltage_plot();
    q.x_range = Some((2.0, 1.0));
    assert!(matches!(to_svg(&q), Err(PlotError::InvalidInput { .. })));
    let mut r = voltage_plot();
    r.log_y = true;
    r.markers.clear();
    r.y_range = Some((0.0, 4.0));
    assert!(matches!(
        to_svg(&r),
        Err(PlotError::InvalidLogData { axis: "y", .. })
    ));
}

#[test]
fn heat_map_input_errors() {
    let mut h = ccd_map();
    h.z[0][3] = -1.0;
    assert!(
        matches!(to_svg(&h), Err(PlotError::InvalidLogData { axis: "z", value, .. }) if value == -1.0)
    );
    let mut h = ccd_map();
    h.x[0] = 0.0;
    assert!(matches!(
        to_svg(&h),
        Err(PlotError::InvalidLogData { axis: "x", .. })
    ));
    let mut h = ccd_map();
    h.z.pop();
    assert!(matches!(to_svg(&h), Err(PlotError::InvalidInput { .. })));
    let mut h = ccd_map();
    h.y.swap(0, 1);
    h.z.swap(0, 1);
    assert!(matches!(to_svg(&h), Err(PlotError::InvalidInput { .. })));
    let mut h = ccd_map();
    h.z.iter_mut().flatten().for_each(|v| *v = f64::NAN);
    assert!(matches!(to_svg(&h), Err(PlotError::EmptyData { .. })));
}

#[test]
fn write_creates_directories_dedups_formats_and_needs_one() {
    let dir = tempfile::tempdir().unwrap();
    let stem = dir.path().join("plots/sub/voltage.cycle1");
    let paths = write(
        &voltage_plot(),
        &stem,
        &[Format::Svg, Format::Svg, Format::Png],
    )
    .unwrap();
    assert_eq!(
        paths,
        vec![
            dir.path().join("plots/sub/voltage.cycle1.svg"),
            dir.path().join("plots/sub/voltage.cycle1.png")
        ]
    );
    assert_eq!(
        listing(&dir.path().join("plots/sub")),
        ["voltage.cycle1.png", "voltage.cycle1.svg"]
    );
    assert!(matches!(
        write(&voltage_plot(), &stem, &[]),
        Err(PlotError::NoFormat { .. })
    ));
    assert_eq!("SVG".parse::<Format>(), Ok(Format::Svg));
    assert_eq!("png".parse::<Format>(), Ok(Format::Png));
    assert!("pdf".parse::<Format>().is_err());
    // a file where a directory should be: an I/O error naming the target
    fs::write(dir.path().join("blocker"), b"x").unwrap();
    let e = write(
        &voltage_plot(),
        &dir.path().join("blocker/fig"),
        &[Format::Png],
    )
    .unwrap_err();
    assert!(
        matches!(&e, PlotError::Io { path, .. } if path.ends_with("blocker/fig.png")),
        "{e:?}"
    );
}
