use natrium::materials::{bundled_file, Database};
use natrium::output::{MemorySink, Sink};
use natrium::protocol::Protocol;
use natrium::simulation::{RunOptions, Simulation};

struct L;
impl log::Log for L {
    fn enabled(&self, _: &log::Metadata) -> bool {
        std::env::var("DLOG").is_ok()
    }
    fn log(&self, r: &log::Record) {
        if self.enabled(r.metadata()) {
            eprintln!("LOG {}", r.args());
        }
    }
    fn flush(&self) {}
}
static LOGGER: L = L;

#[test]
fn debug() {
    let _ = log::set_logger(&LOGGER);
    log::set_max_level(log::LevelFilter::Debug);
    let db = Database::bundled().unwrap();
    let name = std::env::var("CELL").unwrap_or("nvp-nzsp-na-metal".into());
    let proto =
        std::env::var("PROTO").unwrap_or("Charge at C/2 until 3.8 V; Rest for 10 min".into());
    let mut text = bundled_file(&format!("cells/{name}.toml"))
        .unwrap()
        .to_string();
    if let Ok(extra) = std::env::var("MODEL") {
        text.push_str("\n[model]\n");
        text.push_str(&extra.replace(';', "\n"));
    }
    let cell =
        natrium::cell::parse_cell(format!("data/cells/{name}.toml").as_ref(), &text, &db).unwrap();
    let sim = Simulation::new(&cell, RunOptions::default()).unwrap();
    let p = Protocol::parse(&proto, "<s>").unwrap();
    let mut sink = MemorySink::new();
    let r = sim.run(&p, Some(&mut sink as &mut dyn Sink), &mut |_| {});
    let tab = sink.table();
    let names: Vec<String> = tab.schema.names().iter().map(|s| s.to_string()).collect();
    println!("{}", names.join(" | "));
    let n = tab.len();
    for i in (n.saturating_sub(25))..n {
        let row: Vec<f64> = tab.row(i).unwrap();
        println!(
            "{}",
            row.iter()
                .map(|x| format!("{:.6e}", x))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    match &r.outcome {
        natrium::simulation::Outcome::Failed(e) => println!("FAILED {}", e.to_string()),
        o => println!("{o:?}"),
    }
    println!("{:?}", r.stats);
}

#[test]
fn debug_consistency() {
    let db = Database::bundled().unwrap();
    let name = "nvp-nzsp-na-metal";
    let text = bundled_file(&format!("cells/{name}.toml")).unwrap();
    let cell =
        natrium::cell::parse_cell(format!("data/cells/{name}.toml").as_ref(), text, &db).unwrap();
    let sim = Simulation::new(&cell, RunOptions::default()).unwrap();
    let p = Protocol::parse("Charge at C/2 until 3.8 V; Rest for 10 min", "<s>").unwrap();
    let r = sim.run(&p, None, &mut |_| {});
    if let natrium::simulation::Outcome::Failed(e) = &r.outcome {
        let y: Vec<f64> = e.state().iter().map(|(_, v)| *v).collect();
        let m = sim.model();
        m.env.mode.set(natrium::model::Mode::Current(0.0));
        let mut f = vec![0.0; y.len()];
        m.residual(&y, &mut f);
        for i in 0..y.len() {
            if !m.layout.differential[i] || i < 5 {
                println!("{:30} y={:+.6e} f={:+.3e}", m.layout.name_of(i), y[i], f[i]);
            }
        }
        // surface fillings
        for i in 0..10 {
            println!(
                "x[{i},9] = {:.6} dx/dt={:.3e}",
                y[3 + i * 10 + 9],
                f[3 + i * 10 + 9]
            );
        }
    }
}
