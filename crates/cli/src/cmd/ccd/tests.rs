use super::*;

#[test]
fn lists_take_the_unit_of_their_last_entry() {
    let p = quantity_list("pressures", "0.5,1,2,4MPa", dims::PRESSURE, "").unwrap();
    assert_eq!(p, vec![0.5e6, 1e6, 2e6, 4e6]);
    let p = quantity_list("pressures", "1e-1, 200 kPa , 2e-1 MPa", dims::PRESSURE, "").unwrap();
    assert_eq!(p, vec![1e5, 2e5, 2e5]);
    let j = quantity_list("currents", "0.1,0.2mA/cm2", dims::CURRENT_DENSITY, "").unwrap();
    assert_eq!(j, vec![1.0, 2.0]);
    let e = quantity_list("currents", "0.1,1mA", dims::CURRENT_DENSITY, "1mA/cm2").unwrap_err();
    let e = format!("{e:#}"); // as main prints it
    assert!(e.contains("--currents") && e.contains("\"1mA\""), "{e}");
    assert!(quantity_list("currents", " , ", dims::CURRENT_DENSITY, "").is_err());
}

#[test]
fn steps_are_increments_or_factors() {
    assert_eq!(increment(&None).unwrap(), Increment::Add(0.5));
    assert_eq!(
        increment(&Some("0.1 mA/cm2".into())).unwrap(),
        Increment::Add(1.0)
    );
    assert_eq!(
        increment(&Some("x1.5".into())).unwrap(),
        Increment::Factor(1.5)
    );
    assert!(increment(&Some("1.5".into())).is_err());
}
