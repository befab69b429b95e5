use super::monitor::{Cols, Monitor};
use super::*;

#[test]
fn staircase_plans_additive_and_factor_steps() {
    let s = Schedule::Staircase {
        start: 0.5,
        step: Increment::Add(0.5),
        dwell: Dwell::Time(60.0),
        max: 2.0,
    };
    let p = plan(&s).unwrap();
    let j: Vec<f64> = p.iter().map(|x| x.0).collect();
    assert_eq!(j, vec![0.5, 1.0, 1.5, 2.0]);
    let s = Schedule::Staircase {
        start: 1.0,
        step: Increment::Factor(2.0),
        dwell: Dwell::Capacity(36.0),
        max: 10.0,
    };
    let j: Vec<f64> = plan(&s).unwrap().iter().map(|x| x.0).collect();
    assert_eq!(j, vec![1.0, 2.0, 4.0, 8.0]);
}

#[test]
fn ramp_is_an_upper_staircase_ending_at_max() {
    let p = plan(&Schedule::Ramp {
        rate: 0.01,
        max: 20.0,
    })
    .unwrap();
    assert_eq!(p.len(), RAMP_RESOLUTION);
    assert_eq!(p.last().unwrap().0, 20.0);
    let Dwell::Time(dt) = p[0].1 else {
        panic!("ramp steps are timed")
    };
    assert!((dt * RAMP_RESOLUTION as f64 - 2000.0).abs() < 1e-9);
}

#[test]
fn bad_schedules_name_the_option() {
    let e = plan(&Schedule::Staircase {
        start: 2.0,
        step: Increment::Add(0.5),
        dwell: Dwell::Time(60.0),
        max: 1.0,
    })
    .unwrap_err();
    assert!(
        matches!(e, CcdError::InvalidOption { option: "max", .. }),
        "{e}"
    );
    let e = plan(&Schedule::Staircase {
        start: 1.0,
        step: Increment::Factor(1.0),
        dwell: Dwell::Time(60.0),
        max: 2.0,
    })
    .unwrap_err();
    assert!(e.to_string().contains("factor must exceed 1"), "{e}");
    let e = plan(&Schedule::Staircase {
        start: 1e-6,
        step: Increment::Add(1e-6),
        dwell: Dwell::Time(60.0),
        max: 50.0,
    })
    .unwrap_err();
    assert!(e.to_string().contains("at most"), "{e}");
}

#[test]
fn monitor_interpolates_the_voltage_crossing() {
    let mut m = Monitor::new(1, vec![1.0], CriteriaOptions::default(), 1e-3);
    m.cols = Some(Cols {
        t: 0,
        step: 1,
        v: 2,
        ..Default::default()
    });
    assert!(m.watch(&[0.0, 1.0, -0.5]).is_none());
    let f = m.watch(&[10.0, 1.0, -1.5]).unwrap();
    assert!((f.time - 5.0).abs() < 1e-12);
    assert!(matches!(f.criterion, Criterion::Overpotential { .. }));
}

#[test]
fn contact_floor_is_relative_to_the_best_contact() {
    let m = Monitor::new(1, vec![1.0], CriteriaOptions::default(), 1e-3);
    assert_eq!(m.threshold(0.5), Some(0.25));
    // a contact of 0.15 % cannot lose half of it above φ_min = 0.1 %
    assert!(m.threshold(1.5e-3).is_none());
}
