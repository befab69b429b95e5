//! Faults around a run (issue 11): an interrupt keeps what was computed, whole and marked; a
//! file-size limit (a full disk) loses only what does not fit and says so; two runs into one
//! directory are refused; a forced run replaces only its predecessor's files.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

const LONG: &str =
    "Repeat 1000 times: [Charge at 0.1 mA/cm2 until 3.8 V; Discharge at 0.1 mA/cm2 until 2.0 V]";

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_natrium"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn natrium")
}

fn signal(child: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("kill")
        .success();
    assert!(ok, "kill {sig} failed");
}

/// Wait until the run has written some rows (its temporary time-series file has grown).
fn wait_for_progress(dir: &Path) {
    let t0 = Instant::now();
    loop {
        let grown = std::fs::read_dir(dir).ok().is_some_and(|rd| {
            rd.flatten().any(|e| {
                e.file_name()
                    .to_string_lossy()
                    .contains(".timeseries.csv.tmp")
                    && e.metadata().map(|m| m.len() > 200_000).unwrap_or(false)
            })
        });
        if grown {
            return;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(120),
            "the run wrote nothing in 120 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn no_temporaries(dir: &Path) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".tmp") || n == ".natrium.lock")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Every line of a CSV file has the header's number of fields and the file ends with a newline.
fn whole_csv(p: &Path) -> usize {
    let text = std::fs::read_to_string(p).unwrap();
    assert!(text.ends_with('\n'), "{} is cut", p.display());
    let mut lines = text.lines();
    let width = lines.next().unwrap().split(',').count();
    let mut n = 0;
    for l in lines {
        assert_eq!(l.split(',').count(), width, "{}: {l}", p.display());
        n += 1;
    }
    n
}

#[test]
fn an_interrupted_run_keeps_whole_files_marked_interrupted() {
    // a second signal stops inside the step, unless the first already ended the run at the
    // step boundary (steps take milliseconds); the library test covers "immediately" exactly
    for (signals, how) in [
        (1, &["at-step-boundary"][..]),
        (2, &["at-step-boundary", "immediately"][..]),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("run");
        let child = spawn(&[
            "simulate",
            "nvp-nzsp-batio3c-al",
            "--protocol",
            LONG,
            "--format",
            "csv,json,parquet",
            "--out",
            out.to_str().unwrap(),
        ]);
        wait_for_progress(&out);
        for _ in 0..signals {
            signal(&child, "-INT");
            std::thread::sleep(Duration::from_millis(20));
        }
        let o = child.wait_with_output().unwrap();
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(130), "{err}");
        assert!(err.contains("interrupted"), "{err}");
        let rows = whole_csv(&out.join("timeseries.csv"));
        assert!(rows > 100, "{rows} rows");
        whole_csv(&out.join("cycles.csv"));
        let meta = json(&std::fs::read_to_string(out.join("metadata.json")).unwrap());
        assert_eq!(
            meta["outcome"]["kind"], "interrupted",
            "{}",
            meta["outcome"]
        );
        assert!(
            how.iter().any(|h| meta["outcome"]["how"] == *h),
            "{}",
            meta["outcome"]
        );
        let ts = json(&std::fs::read_to_string(out.join("timeseries.json")).unwrap());
        assert_eq!(ts["data"].as_array().unwrap().len(), rows);
        let pq = std::fs::read(out.join("timeseries.parquet")).unwrap();
        assert_eq!(
            &pq[pq.len() - 4..],
            b"PAR1",
            "the Parquet footer is written"
        );
        let manifest = json(&std::fs::read_to_string(out.join("natrium-manifest.json")).unwrap());
        assert_eq!(manifest["outcome"], "interrupted");
        no_temporaries(&out);
    }
}

#[test]
fn a_file_size_limit_loses_only_the_time_series_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("full");
    // `ulimit -f` in 1024-byte blocks (bash): 256 kB, far less than the time series needs
    let o = Command::new("bash")
        .args([
            "-c",
            "ulimit -f 256; exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_natrium"),
            "simulate",
            "nvp-nzsp-batio3c-al",
            "--protocol",
            "Repeat 20 times: [Charge at 0.1 mA/cm2 until 3.8 V; Discharge at 0.1 mA/cm2 until 2.0 V]",
            "--no-plots",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(4), "{err}");
    assert!(
        err.contains("lost") && err.contains("timeseries.csv"),
        "{err}"
    );
    assert!(!out.join("timeseries.csv").exists());
    // the small files fit: every cycle is there, the metadata says what was lost
    assert_eq!(whole_csv(&out.join("cycles.csv")), 20);
    let meta = json(&std::fs::read_to_string(out.join("metadata.json")).unwrap());
    assert_eq!(meta["outcome"]["kind"], "completed");
    assert!(
        meta["warnings"].to_string().contains("output lost"),
        "{meta}"
    );
    let manifest = json(&std::fs::read_to_string(out.join("natrium-manifest.json")).unwrap());
    assert!(manifest["lost"].to_string().contains("timeseries.csv"));
    no_temporaries(&out);
}

#[test]
fn a_second_run_into_a_busy_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("busy");
    let first = spawn(&[
        "simulate",
        "nvp-nzsp-batio3c-al",
        "--protocol",
        LONG,
        "--out",
        out.to_str().unwrap(),
    ]);
    wait_for_progress(&out);
    let err = fails(&[
        "simulate",
        "nvp-nzsp-batio3c-al",
        "--protocol",
        "first-charge",
        "--force",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(
        err.contains("another natrium run") && err.contains(&first.id().to_string()),
        "{err}"
    );
    signal(&first, "-TERM");
    let o = first.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(130));
    no_temporaries(&out);
}

#[test]
fn a_used_directory_needs_force_and_force_replaces_only_the_earlier_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("again");
    let args = |force: bool| {
        let mut a = vec![
            "simulate",
            "nvp-nzsp-batio3c-al",
            "--protocol",
            "Charge at 0.5 mA/cm2 for 10 min",
            "--out",
            out.to_str().unwrap(),
        ];
        if force {
            a.push("--force");
        }
        a
    };
    ok(&args(false));
    std::fs::write(out.join("my-notes.txt"), "keep me").unwrap();
    let err = fails(&args(false));
    assert!(
        err.contains("--force") && err.contains("earlier natrium run"),
        "{err}"
    );
    // the second run writes no plots: with --force the first run's plots are removed
    let mut second = args(true);
    second.push("--no-plots");
    ok(&second);
    assert!(out.join("my-notes.txt").exists());
    assert!(!out.join("voltage-time.png").exists());
    assert!(out.join("timeseries.csv").exists());
    no_temporaries(&out);
}
