//! Cycle summaries against hand-computed constant-current cycles.

use natrium::output::{
    summaries_table, summary_schema, write_summaries, CycleAccumulator, CycleSummary, RunMetadata,
};

/// Constant current `i` for `duration` seconds from `t0`, voltage linear from `v0` to `v1`,
/// sampled every 60 s (exact in binary, so Σdt = duration exactly).
fn cc_step(acc: &mut CycleAccumulator, t0: f64, duration: f64, i: f64, v0: f64, v1: f64) {
    acc.start_step();
    let n = (duration / 60.0) as usize;
    for k in 0..=n {
        let t = t0 + 60.0 * k as f64;
        let f = k as f64 / n as f64;
        acc.sample(t, i, v0 + (v1 - v0) * f);
    }
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

/// Currents that are exact binary fractions, so every trapezoid I·dt and every partial sum is
/// exact: capacity = I·t to the last bit.
#[test]
fn constant_current_capacity_is_exact() {
    let i_ch = 1.0 / 512.0; // ≈ 1.95 mA
    let mut acc = CycleAccumulator::new();
    cc_step(&mut acc, 0.0, 3600.0, -i_ch, 3.0, 3.6);
    cc_step(&mut acc, 3600.0, 7200.0, 0.375 * i_ch, 3.5, 2.9);
    let s = acc.finish().remove(0);
    assert_eq!(s.charge_capacity, i_ch * 3600.0);
    assert_eq!(s.discharge_capacity, 0.375 * i_ch * 7200.0);
    assert_eq!(s.coulombic_efficiency, 0.75);
    assert!(rel(s.charge_energy, i_ch * 3600.0 * 3.3) < 1e-14);
    assert!(rel(s.discharge_energy, 0.375 * i_ch * 7200.0 * 3.2) < 1e-14);
}

#[test]
fn constant_current_cycle_by_hand() {
    let mut acc = CycleAccumulator::new();
    acc.start_cycle();
    // charge: 2 mA for 1 h, 3.0 → 3.6 V; rest; discharge: 1.8 mA for 1 h, 3.5 → 2.9 V
    cc_step(&mut acc, 0.0, 3600.0, -2e-3, 3.0, 3.6);
    cc_step(&mut acc, 3600.0, 600.0, 0.0, 3.4, 3.4); // rest
    cc_step(&mut acc, 4200.0, 3600.0, 1.8e-3, 3.5, 2.9);
    let s = acc.start_cycle().unwrap();

    assert_eq!(s.cycle, 1);
    // capacity = I·t (decimal currents: to rounding of the 60 increments)
    assert!(rel(s.charge_capacity, 2e-3 * 3600.0) < 1e-15);
    assert!(rel(s.discharge_capacity, 1.8e-3 * 3600.0) < 1e-15);
    // energy = I·∫V dt = I·t·(V0+V1)/2 for a linear V (the trapezoid rule is exact)
    assert!(rel(s.charge_energy, 2e-3 * 3600.0 * 3.3) < 1e-14);
    assert!(rel(s.discharge_energy, 1.8e-3 * 3600.0 * 3.2) < 1e-14);
    assert!(rel(s.mean_charge_voltage, 3.3) < 1e-14);
    assert!(rel(s.mean_discharge_voltage, 3.2) < 1e-14);
    assert!(rel(s.coulombic_efficiency, 0.9) < 1e-15);
    assert_eq!(s.retention, 1.0);
    assert_eq!(s.end_time, 7800.0);

    // second cycle: same charge, discharge 1.62 mA → retention 0.9, CE 0.81
    cc_step(&mut acc, 7800.0, 3600.0, -2e-3, 3.0, 3.6);
    cc_step(&mut acc, 11400.0, 3600.0, 1.62e-3, 3.5, 2.9);
    acc.set_extra("lost Na inventory [mAh]", 0.2);
    let all = acc.finish();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].cycle, 2);
    assert!(rel(all[1].retention, 0.9) < 1e-14);
    assert!(rel(all[1].coulombic_efficiency, 0.81) < 1e-14);
    assert_eq!(all[1].extra("lost Na inventory [mAh]"), Some(0.2));
    assert_eq!(all[0].extra("lost Na inventory [mAh]"), None);
}

#[test]
fn display_units_in_table() {
    let mut acc = CycleAccumulator::new();
    // 3.6 C = 1 mAh at 3.5 V = 3.5 mWh
    cc_step(&mut acc, 0.0, 3600.0, -1e-3, 3.5, 3.5);
    cc_step(&mut acc, 3600.0, 3600.0, 0.5e-3, 3.0, 3.0);
    acc.set_extra("contact fraction", 0.75);
    let s = acc.finish();
    let t = summaries_table(&s);
    let names: Vec<&str> = t.schema.names();
    assert_eq!(
        names,
        [
            "cycle",
            "charge capacity [mAh]",
            "discharge capacity [mAh]",
            "coulombic efficiency [%]",
            "charge energy [mWh]",
            "discharge energy [mWh]",
            "mean charge voltage [V]",
            "mean discharge voltage [V]",
            "capacity retention [%]",
            "end time [h]",
            "contact fraction",
        ]
    );
    let row = t.row(0).unwrap();
    let want = [1.0, 1.0, 0.5, 50.0, 3.5, 1.5, 3.5, 3.0, 100.0, 2.0, 0.75];
    for (name, (&g, &w)) in names.iter().zip(row.iter().zip(&want)) {
        assert!((g - w).abs() <= 1e-12 * w.abs(), "{name}: {g} vs {w}");
    }
    assert_eq!(summary_schema::<&str>(&[]).len(), 10);
}

#[test]
fn summaries_written_as_csv_and_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let mut acc = CycleAccumulator::new();
    for c in 0..5 {
        acc.start_cycle();
        let t0 = c as f64 * 7200.0;
        cc_step(&mut acc, t0, 3600.0, -1e-3, 3.3, 3.5);
        cc_step(
            &mut acc,
            t0 + 3600.0,
            3600.0,
            1e-3 * (1.0 - 0.01 * c as f64),
            3.3,
            3.1,
        );
    }
    let s: Vec<CycleSummary> = acc.finish();
    assert_eq!(s.len(), 5);
    let meta = RunMetadata::new("cycle test");
    let csv = dir.path().join("summary.csv");
    write_summaries(&csv, &s, Some(&meta)).unwrap();
    let mut rdr = csv::Reader::from_path(&csv).unwrap();
    assert_eq!(&rdr.headers().unwrap()[8], "capacity retention [%]");
    let recs: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(recs.len(), 5);
    assert_eq!(&recs[4][0], "5");
    let retention: f64 = recs[4][8].parse().unwrap();
    assert!((retention - 96.0).abs() < 1e-9);
    write_summaries(&dir.path().join("summary.parquet"), &s, Some(&meta)).unwrap();
    assert!(dir.path().join("summary.parquet").exists());
}
