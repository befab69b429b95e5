use natrium::materials::{bundled_file, Database};
use natrium::output::MemorySink;
use natrium::output::Sink;
use natrium::protocol::Protocol;
use natrium::simulation::{RunOptions, Simulation};

#[test]
fn scratch() {
    let db = Database::bundled().unwrap();
    for name in [
        "nvp-nzsp-thin-target",
        "nvp-nzsp-batio3c-al",
        "nvp-nzsp-na-metal",
        "na-nzsp-na-welded",
        "cu-nzsp34-na-deposition",
    ] {
        let text = bundled_file(&format!("cells/{name}.toml")).unwrap();
        let cell = natrium::cell::parse_cell(format!("data/cells/{name}.toml").as_ref(), text, &db)
            .unwrap();
        let sim = match Simulation::new(&cell, RunOptions::default()) {
            Ok(s) => s,
            Err(e) => panic!("{name}: {e}"),
        };
        println!(
            "{name}: n = {}, nnz = {}",
            sim.model().n(),
            sim.model().pattern().len()
        );
        let proto = if cell.kind.is_full_cell() {
            "Charge at C/2 until 3.8 V; Rest for 10 min; Discharge at C/2 until 2.5 V; Charge at 1C until 3.8 V; Discharge at 1C until 2.5 V"
        } else {
            "Plate 0.5 mAh/cm2 at 0.1 mA/cm2; Strip at 0.1 mA/cm2 until 1 V"
        };
        let p = Protocol::parse(proto, "<s>").unwrap();
        let mut sink = MemorySink::new();
        let t = std::time::Instant::now();
        let r = sim.run(&p, Some(&mut sink as &mut dyn Sink), &mut |_| {});
        println!(
            "  {:?} in {:?}, steps {:?}",
            r.outcome,
            t.elapsed(),
            r.stats.steps
        );
        for c in &r.cycles {
            println!(
                "  cycle {}: chg {:.4} dis {:.4} mAh/cm2 CE {:.5} Vc {:.3} Vd {:.3}",
                c.cycle,
                c.charge_capacity / 36000.0,
                c.discharge_capacity / 36000.0,
                c.coulombic_efficiency,
                c.mean_charge_voltage,
                c.mean_discharge_voltage
            );
        }
        println!(
            "  Na: {} -> {} ({:e} rel)",
            r.sodium_initial,
            r.sodium_final,
            (r.sodium_final - r.sodium_initial) / r.sodium_initial
        );
        for e in &r.events {
            println!("  event {:?}", e);
        }
        let tab = sink.table();
        let v = tab.column("voltage [V]").unwrap();
        println!(
            "  rows {}, V first {:?} last {:?}",
            tab.len(),
            v.first(),
            v.last()
        );
    }
}
