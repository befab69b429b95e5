//! Streaming: a long run goes through a file sink with bounded memory. Alone in its own test
//! binary so that the resident-memory reading is not disturbed by other tests.

use std::fs;

use natrium::output::{sink_for, Column, Schema};

fn rss_bytes() -> Option<u64> {
    let statm = fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// A long run streams: a million rows pass through the CSV sink without the process growing by
/// anything like the size of the data (8 columns × 10⁶ rows × 8 B = 64 MB held in memory).
#[test]
fn csv_streams_a_million_rows() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("long.csv");
    let schema = Schema::new(
        (0..8)
            .map(|j| Column::new(format!("q{j}"), "V", ""))
            .collect(),
    );
    let mut s = sink_for(&p).unwrap();
    s.begin(&schema).unwrap();
    let before = rss_bytes();
    let start = std::time::Instant::now();
    let mut row = [0.0f64; 8];
    for i in 0..1_000_000u32 {
        let t = f64::from(i);
        for (j, x) in row.iter_mut().enumerate() {
            *x = t * 0.125 + j as f64;
        }
        s.row(&row).unwrap();
    }
    let after = rss_bytes();
    s.finish().unwrap();
    let elapsed = start.elapsed();
    if let (Some(b), Some(a)) = (before, after) {
        assert!(
            a.saturating_sub(b) < 32 << 20,
            "resident memory grew by {} MB",
            (a - b) >> 20
        );
    }
    let lines = fs::read_to_string(&p).unwrap().lines().count();
    assert_eq!(lines, 1_000_001);
    eprintln!("1e6 rows × 8 columns to CSV in {elapsed:?}");
}
