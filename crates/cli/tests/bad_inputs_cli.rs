//! The command-line part of the bad-input catalogue (issue 11; the library part is
//! `crates/natrium/tests/bad_inputs.rs`): every option given a value it must refuse, with the
//! words the message must contain, a non-zero exit and nothing written to --out.

mod common;

use common::*;

/// (arguments after `natrium`, words of the message). `OUT` is replaced by a fresh directory.
const CASES: &[(&[&str], &[&str])] = &[
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--rtol",
            "0",
            "--out",
            "OUT",
        ],
        &["--rtol", "1e-10", "got 0"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--rtol",
            "abc",
            "--out",
            "OUT",
        ],
        &["--rtol", "abc"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--atol",
            "1",
            "--out",
            "OUT",
        ],
        &["--atol", "1e-2"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--min-interval=-5s",
            "--out",
            "OUT",
        ],
        &["--min-interval", "-5 s", "from 0 s"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--min-interval",
            "5 V",
            "--out",
            "OUT",
        ],
        &["--min-interval", "voltage", "duration"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--digits",
            "2",
            "--out",
            "OUT",
        ],
        &["--digits", "2"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--format",
            "xlsx",
            "--out",
            "OUT",
        ],
        &["xlsx", ".parquet"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--model",
            "foo=bar",
            "--out",
            "OUT",
        ],
        &["model.foo", "unknown model option"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--model",
            "cathode=p3d",
            "--out",
            "OUT",
        ],
        &["model.cathode", "p3d", "p2d, spm"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--model",
            "=3",
            "--out",
            "OUT",
        ],
        &["KEY=VALUE"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--protocol",
            "missing/protocol.txt",
            "--out",
            "OUT",
        ],
        &["missing/protocol.txt", "no such file"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--protocol",
            "firstcharge",
            "--out",
            "OUT",
        ],
        &["firstcharge", "did you mean", "first-charge"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--protocol",
            "Chrage at C/2 until 3.8 V",
            "--out",
            "OUT",
        ],
        &["Chrage", "Charge"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--protocol",
            "Charge at 0.1 mA/cm2 until 1 V",
            "--out",
            "OUT",
        ],
        &["refused", "starts at", "end at once"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--protocol",
            "Hold at 100 V for 1 h",
            "--out",
            "OUT",
        ],
        &["refused", "100 V"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--protocol",
            "Charge at 10000C until 3.8 V",
            "--out",
            "OUT",
        ],
        &["refused", "current density", "valid range"],
    ),
    (
        &[
            "simulate",
            "nvp-nzsp-thin-target",
            "--protocol",
            "Rest for 1 h at 100 degC",
            "--out",
            "OUT",
        ],
        &["refused", "melts"],
    ),
    (
        &["simulate", "no-such-design", "--out", "OUT"],
        &["no-such-design", "bundled"],
    ),
    (
        &["simulate", "/dev/zero", "--out", "OUT"],
        &["/dev/zero", "larger than"],
    ),
    (
        &[
            "--materials",
            "/nonexistent/dir",
            "simulate",
            "nvp-nzsp-thin-target",
            "--out",
            "OUT",
        ],
        &["/nonexistent/dir"],
    ),
    (
        &["forecast", "nvp-nzsp-thin-target", "--np=-1"],
        &["--np", "valid range"],
    ),
    (
        &["forecast", "nvp-nzsp-thin-target", "--ce", "150 %"],
        &["--ce", "valid range"],
    ),
    (
        &["forecast", "nvp-nzsp-thin-target", "--na-excess", "5 V"],
        &["--na-excess", "voltage"],
    ),
    (
        &["forecast", "nvp-nzsp-thin-target", "--first-ce", "0 %"],
        &["--first-ce", "valid range"],
    ),
    (
        &["ccd", "na-nzsp-na-welded", "--dwell", "1 ns"],
        &["dwell", "1 s"],
    ),
    (
        &["ccd", "na-nzsp-na-welded", "--start=-1 mA/cm2"],
        &["start", "positive"],
    ),
    (
        &["ccd", "na-nzsp-na-welded", "--max", "5000 mA/cm2"],
        &["max", "valid range"],
    ),
    (
        &["ccd", "na-nzsp-na-welded", "--direction", "sideways"],
        &["sideways", "plating", "stripping"],
    ),
    (
        &[
            "ccd",
            "na-nzsp-na-welded",
            "--mode",
            "ramp",
            "--rate",
            "1000 mA/cm2/s",
        ],
        &["rate", "less than 1 s"],
    ),
    (
        &["ccd", "nvp-nzsp-thin-target"],
        &["half cell", "anode-free"],
    ),
    (&["materials", "show", "nzsp-999"], &["nzsp-999"]),
    (
        &["cells", "show", "/dev/zero"],
        &["/dev/zero", "larger than"],
    ),
];

#[test]
fn every_bad_option_is_refused_naming_what_is_wrong() {
    for (args, want) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let args: Vec<&str> = args
            .iter()
            .map(|a| {
                if *a == "OUT" {
                    out.to_str().unwrap()
                } else {
                    a
                }
            })
            .collect();
        let o = natrium(&args);
        let err = text(&o.stderr);
        assert!(!o.status.success(), "accepted: natrium {args:?}");
        assert!(!err.contains("panicked"), "{args:?} panicked:\n{err}");
        for w in *want {
            assert!(
                err.contains(w),
                "natrium {args:?}: message lacks {w:?}:\n{err}"
            );
        }
        assert!(
            !out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(),
            "{args:?} wrote into --out"
        );
    }
}
