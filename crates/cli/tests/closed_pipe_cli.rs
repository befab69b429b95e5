//! A closed stdout (as in `natrium … | head`) ends every output path quietly, without a panic.

mod common;

use std::path::Path;
use std::process::Command;

use common::text;

#[test]
fn every_output_path_exits_quietly_on_a_closed_pipe() {
    // the read end of stdout is closed right after the spawn, before the program has loaded
    // its database, so its first write meets a closed pipe (EPIPE): it must stop quietly
    // with status 0 like `grep … | head` does, not panic (status 101) or report an error
    use std::process::Stdio;
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("table1.csv");
    let csv = csv.to_str().unwrap();
    let sim = out.path().join("sim");
    let sim = sim.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["materials", "list"],
        vec!["materials", "list", "--json"],
        vec!["materials", "show", "nvp"],
        vec!["materials", "show", "nvp", "--json"],
        vec!["materials", "search", "zn"],
        vec!["materials", "search", "zn", "--json"],
        vec!["materials", "check"],
        vec!["materials", "table1"],
        vec!["materials", "table1", "--json"],
        vec!["cells", "list"],
        vec!["cells", "show", "nvp-nzsp-batio3c-al"],
        vec!["cells", "show", "nvp-nzsp-batio3c-al", "--json"],
        vec!["forecast", "nvp-nzsp-thin-target"],
        vec!["forecast", "nvp-nzsp-thin-target", "--json"],
        vec!["forecast", "--table1", "--csv", csv],
        vec!["forecast", "--table1", "--json"],
        vec![
            "simulate",
            "nvp-nzsp-thin-target",
            "--out",
            sim,
            "--no-plots",
        ],
        vec!["--help"],
        vec!["materials", "--help"],
    ];
    for args in &cases {
        let mut child = Command::new(env!("CARGO_BIN_EXE_natrium"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = text(&o.stderr);
        assert!(
            o.status.success() && !err.contains("panicked") && !err.contains("error"),
            "natrium {args:?} on a closed pipe: {:?}\n{err}",
            o.status
        );
    }
    // the files asked for are still written
    assert!(Path::new(csv).is_file(), "--csv not written");
    assert!(Path::new(sim).join("metadata.json").is_file());
}

#[test]
fn closed_stdout_is_not_a_panic() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_natrium"))
        .args(["materials", "list", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // read one byte, then close the pipe like `head -c 1` does
    let mut stdout = child.stdout.take().unwrap();
    let mut b = [0u8; 1];
    let _ = stdout.read(&mut b);
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!err.contains("panicked"), "status {status:?}:\n{err}");
}
