//! Output sinks: round trips through CSV, JSON and Parquet readers, atomicity, row checks.

use std::fs;
use std::path::{Path, PathBuf};

use natrium::output::{
    sink_for, Column, CsvSink, JsonSink, MemorySink, OutputError, ParquetSink, RunMetadata, Schema,
    Sink, METADATA_KEY, SCHEMA_KEY,
};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

fn schema() -> Schema {
    Schema::default()
        .with(Column::new("time", "s", "time since start"))
        .with(Column::new(
            "current",
            "A",
            "cell current, positive on discharge",
        ))
        .with(Column::new("voltage", "V", "terminal voltage"))
}

/// Awkward values: shortest-repr edge cases, tiny and huge magnitudes, signed zero, NaN.
fn rows() -> Vec<Vec<f64>> {
    let mut rows = vec![
        vec![0.0, -0.0, 3.0],
        vec![0.1 + 0.2, std::f64::consts::PI, f64::NAN],
        vec![1e-300, 5e-324, f64::MAX],
        vec![9.999999999999999e-6, 1e16, -1.234_567_890_123_456_7e-7],
        vec![f64::NAN, f64::NAN, f64::NAN],
        vec![123_456_789.123_456_79, -2.5e17, f64::MIN_POSITIVE],
    ];
    // a plausible voltage curve
    for k in 0..50 {
        let t = k as f64 * 37.3;
        rows.push(vec![t, -1.3e-3, 3.3 + 0.1 * (t / 1000.0).tanh()]);
    }
    rows
}

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

fn write_all(mut sink: Box<dyn Sink>, rows: &[Vec<f64>]) -> Vec<PathBuf> {
    sink.begin(&schema()).unwrap();
    for r in rows {
        sink.row(r).unwrap();
    }
    let mut meta = RunMetadata::new("natrium test");
    meta.submodel("nucleation", "classical");
    sink.set_metadata(&meta).unwrap();
    sink.finish().unwrap()
}

fn only_file(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect()
}

#[test]
fn csv_round_trip_is_bit_exact() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("run.csv");
    let rows = rows();
    assert_eq!(write_all(sink_for(&p).unwrap(), &rows), vec![p.clone()]);

    let mut rdr = csv::Reader::from_path(&p).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["time [s]", "current [A]", "voltage [V]"]);
    let mut n = 0;
    for (rec, want) in rdr.records().zip(&rows) {
        let rec = rec.unwrap();
        assert_eq!(rec.len(), 3);
        for (field, &x) in rec.iter().zip(want) {
            let got = if field.is_empty() {
                f64::NAN
            } else {
                field.parse::<f64>().unwrap()
            };
            assert!(same(got, x), "{field} vs {x:e}");
            assert_eq!(field.is_empty(), x.is_nan());
        }
        n += 1;
    }
    assert_eq!(n, rows.len());
}

#[test]
fn json_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("run.json");
    let rows = rows();
    write_all(sink_for(&p).unwrap(), &rows);
    let text = fs::read_to_string(&p).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();

    // pandas' orient="split" layout: the two keys "columns" (names with units) and "data"
    assert_eq!(v.as_object().unwrap().len(), 2, "{text}");
    let cols = v["columns"].as_array().unwrap();
    assert_eq!(cols.len(), 3);
    assert_eq!(cols[2], "voltage [V]");

    let got = v["data"].as_array().unwrap();
    assert_eq!(got.len(), rows.len());
    for (g, want) in got.iter().zip(&rows) {
        let g = g.as_array().unwrap();
        assert_eq!(g.len(), 3);
        for (gx, &x) in g.iter().zip(want) {
            if x.is_finite() {
                let y = gx.as_f64().unwrap();
                // serde_json's default parser (no `float_roundtrip`) may miss the last bit on
                // rare inputs; the text itself is exact (checked below).
                assert!(y.to_bits().abs_diff(x.to_bits()) <= 1, "{gx} vs {x:e}");
            } else {
                assert!(gx.is_null());
            }
        }
    }
    // bit-exact through a correctly rounded parser, one row per line
    let body = &text[text.find("\"data\": [").unwrap() + 9..text.rfind(']').unwrap()];
    let lines: Vec<&str> = body
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('['))
        .collect();
    assert_eq!(lines.len(), rows.len());
    for (line, want) in lines.iter().zip(&rows) {
        let inner = line
            .trim_end_matches(',')
            .trim_start_matches('[')
            .trim_end_matches(']');
        for (tok, &x) in inner.split(',').zip(want) {
            let y = if tok == "null" {
                f64::NAN
            } else {
                tok.parse().unwrap()
            };
            assert!(same(y, x), "{tok} vs {x:e}");
        }
    }
}

fn read_parquet(p: &Path) -> (Vec<Vec<f64>>, SerializedFileReader<fs::File>) {
    let r = SerializedFileReader::new(fs::File::open(p).unwrap()).unwrap();
    let mut out = Vec::new();
    for row in r.get_row_iter(None).unwrap() {
        let row = row.unwrap();
        out.push(
            row.get_column_iter()
                .map(|(_, f)| match f {
                    Field::Double(x) => *x,
                    Field::Null => f64::NAN,
                    other => panic!("unexpected {other:?}"),
                })
                .collect(),
        );
    }
    (out, r)
}

#[test]
fn parquet_round_trip_with_nulls_and_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("run.parquet");
    let rows = rows();
    let sink = ParquetSink::create(&p).unwrap().with_row_group_size(16);
    write_all(Box::new(sink), &rows);

    let (got, r) = read_parquet(&p);
    assert_eq!(got.len(), rows.len());
    for (g, want) in got.iter().zip(&rows) {
        for (&y, &x) in g.iter().zip(want) {
            assert!(same(y, x), "{y:e} vs {x:e}");
        }
    }
    let md = r.metadata();
    assert_eq!(md.num_row_groups(), rows.len().div_ceil(16));
    let descr = md.file_metadata().schema_descr();
    assert_eq!(descr.column(2).name(), "voltage [V]");
    assert!(descr.column(2).self_type().is_optional());
    let kv = md.file_metadata().key_value_metadata().unwrap();
    let get = |k: &str| kv.iter().find(|e| e.key == k).and_then(|e| e.value.clone());
    let cols: Schema = serde_json::from_str(&get(SCHEMA_KEY).unwrap()).unwrap();
    assert_eq!(cols, schema());
    let meta: RunMetadata = serde_json::from_str(&get(METADATA_KEY).unwrap()).unwrap();
    assert_eq!(
        meta.submodels,
        vec![("nucleation".into(), "classical".into())]
    );
    assert!(md
        .file_metadata()
        .created_by()
        .unwrap()
        .starts_with("natrium"));
}

#[test]
fn parquet_many_row_groups() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.parquet");
    let mut s: Box<dyn Sink> = Box::new(ParquetSink::create(&p).unwrap());
    s.begin(&schema()).unwrap();
    let n = 150_000usize;
    for i in 0..n {
        let t = i as f64;
        let v = if i % 1000 == 0 {
            f64::NAN
        } else {
            3.0 + 1e-6 * t
        };
        s.row(&[t, -1.0, v]).unwrap();
    }
    s.finish().unwrap();
    let r = SerializedFileReader::new(fs::File::open(&p).unwrap()).unwrap();
    assert_eq!(r.metadata().num_row_groups(), 3); // 65_536 per group
    assert_eq!(r.metadata().file_metadata().num_rows(), n as i64);
    let rg = r.metadata().row_group(0);
    assert_eq!(rg.num_rows(), 65_536);
    assert_eq!(
        rg.column(2).compression(),
        parquet::basic::Compression::SNAPPY
    );
}

#[test]
fn multi_sink_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = ["a.csv", "a.json", "a.parquet"]
        .iter()
        .map(|n| dir.path().join(n))
        .collect();
    let mut multi = natrium::output::sinks_for(&paths).unwrap();
    let mem = MemorySink::new();
    let handle = mem.handle();
    multi.push(Box::new(mem));
    let rows = rows();
    let written = write_all(Box::new(multi), &rows);
    assert_eq!(written, paths);
    for p in &paths {
        assert!(p.exists());
    }
    let t = handle.snapshot();
    assert_eq!(t.len(), rows.len());
    assert_eq!(t.column("voltage [V]").unwrap()[0], 3.0);
    let (pq, _) = read_parquet(&paths[2]);
    assert_eq!(pq.len(), rows.len());
}

fn file_sinks(dir: &Path) -> Vec<(PathBuf, Box<dyn Sink>)> {
    ["x.csv", "x.json", "x.parquet"]
        .iter()
        .map(|n| {
            let p = dir.join(n);
            let s = sink_for(&p).unwrap();
            (p, s)
        })
        .collect()
}

#[test]
fn dropped_sink_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (p, mut s) in file_sinks(dir.path()) {
        s.begin(&schema()).unwrap();
        for r in rows() {
            s.row(&r).unwrap();
            assert!(!p.exists(), "{} exists before finish", p.display());
        }
        drop(s); // the run failed
        assert!(!p.exists());
    }
    assert!(
        only_file(dir.path()).is_empty(),
        "{:?}",
        only_file(dir.path())
    );
}

#[test]
fn failed_run_keeps_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("keep.csv");
    fs::write(&p, "old\n").unwrap();
    let mut s = sink_for(&p).unwrap();
    s.begin(&schema()).unwrap();
    s.row(&[1.0, 2.0, 3.0]).unwrap();
    drop(s);
    assert_eq!(fs::read_to_string(&p).unwrap(), "old\n");
    assert_eq!(only_file(dir.path()), ["keep.csv"]);
}

#[test]
fn wrong_width_names_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let mut sinks = file_sinks(dir.path());
    sinks.push((PathBuf::new(), Box::new(MemorySink::new())));
    for (_, mut s) in sinks {
        s.begin(&schema()).unwrap();
        s.row(&[0.0, 1.0, 2.0]).unwrap();
        match s.row(&[0.0, 1.0]) {
            Err(OutputError::RowWidth {
                expected, got, row, ..
            }) => assert_eq!((expected, got, row), (3, 2, 1)),
            other => panic!("{other:?}"),
        }
        let e = s.row(&[0.0; 4]).unwrap_err();
        assert!(e.to_string().contains("row 1 has 4 values"), "{e}");
        // the sink is still usable
        s.row(&[1.0, 1.0, 2.0]).unwrap();
        s.finish().unwrap();
    }
    let mut rdr = csv::Reader::from_path(dir.path().join("x.csv")).unwrap();
    assert_eq!(rdr.records().count(), 2);
}

#[test]
fn protocol_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (_, mut s) in file_sinks(dir.path()) {
        assert!(matches!(s.row(&[1.0]), Err(OutputError::NotBegun { .. })));
        s.begin(&schema()).unwrap();
        assert!(matches!(
            s.begin(&schema()),
            Err(OutputError::AlreadyBegun { .. })
        ));
    }
    let mut s = CsvSink::create(&dir.path().join("d.csv")).unwrap();
    let dup = Schema::default()
        .with(Column::new("t", "s", ""))
        .with(Column::new("t", "s", ""));
    assert!(matches!(
        s.begin(&dup),
        Err(OutputError::InvalidSchema { .. })
    ));
    drop(s);
    let s = JsonSink::create(&dir.path().join("e.json")).unwrap();
    assert!(matches!(
        Box::new(s).finish(),
        Err(OutputError::NotBegun { .. })
    ));
    assert!(
        only_file(dir.path()).is_empty(),
        "{:?}",
        only_file(dir.path())
    );
}

#[test]
fn extension_is_case_insensitive_and_dirs_are_created() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("nested/deeper/RUN.CSV");
    let written = write_all(sink_for(&p).unwrap(), &rows()[..2]);
    assert_eq!(written, vec![p.clone()]);
    assert!(fs::read_to_string(&p).unwrap().starts_with("time [s],"));
    assert!(matches!(
        sink_for(&dir.path().join("run.txt")),
        Err(OutputError::UnknownExtension { .. })
    ));
}
