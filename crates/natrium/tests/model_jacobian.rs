//! The exact Jacobian (dual numbers) agrees with finite differences, and the detected sparsity
//! pattern contains every non-zero, for every bundled design.

use natrium::materials::{bundled_file, bundled_files, Database};
use natrium::model::build_model;
use rand::{RngExt, SeedableRng};

#[test]
fn jacobian_matches_finite_differences_and_pattern_is_complete() {
    let db = Database::bundled().unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    for rel in bundled_files("cells/") {
        let text = bundled_file(rel).unwrap();
        let Ok(cell) = natrium::cell::parse_cell(rel.as_ref(), text, &db) else {
            continue;
        };
        let (model, _, _) = build_model(&cell).unwrap_or_else(|e| panic!("{rel}: {e}"));
        model.env.mode.set(natrium::model::Mode::Current(1.0));
        let n = model.n();
        // a perturbed, physically sensible state
        let mut y = model.y0.clone();
        for (i, yi) in y.iter_mut().enumerate() {
            let s = model.layout.scale[i];
            *yi += 0.01 * s * (rng.random::<f64>() - 0.5);
        }
        let pattern: std::collections::HashSet<(usize, usize)> =
            model.pattern().iter().copied().collect();
        let mut col = vec![0.0; n];
        let mut dir = vec![0.0; n];
        let mut f0 = vec![0.0; n];
        let mut f1 = vec![0.0; n];
        let mut f2 = vec![0.0; n];
        model.residual(&y, &mut f0);
        // the exact Jacobian, column by column, and each row's largest entry: a finite
        // difference of an entry far below its row's largest carries that row's rounding error
        let mut jac = vec![vec![0.0; n]; n];
        for j in 0..n {
            dir[j] = 1.0;
            model.jvp(&y, &dir, &mut col);
            dir[j] = 0.0;
            jac[j].copy_from_slice(&col);
        }
        let row_max: Vec<f64> = (0..n)
            .map(|i| (0..n).map(|j| jac[j][i].abs()).fold(0.0, f64::max))
            .collect();
        for j in 0..n {
            col.copy_from_slice(&jac[j]);
            let h = 1e-6 * model.layout.scale[j].max(y[j].abs());
            let central = |h: f64, f1: &mut [f64], f2: &mut [f64]| {
                let mut yp = y.clone();
                yp[j] += h;
                model.residual(&yp, f1);
                yp[j] -= 2.0 * h;
                model.residual(&yp, f2);
            };
            central(h, &mut f1, &mut f2);
            let mut g1 = vec![0.0; n];
            let mut g2 = vec![0.0; n];
            central(0.5 * h, &mut g1, &mut g2);
            for i in 0..n {
                let fd = (f1[i] - f2[i]) / (2.0 * h);
                // Richardson: the O(h²) error of the central difference removed, for the
                // strongly curved entries (exponentials of the interface)
                let fd_half = (g1[i] - g2[i]) / h;
                let fd_r = (4.0 * fd_half - fd) / 3.0;
                let scale = col[i].abs().max(fd.abs()).max(1e-8);
                let close = |x: f64| (col[i] - x).abs() <= 1e-3 * scale + 1e-7 * row_max[i] + 1e-9;
                assert!(
                    close(fd) || close(fd_r),
                    "{rel}: J[{},{}] dual {} vs FD {} (Richardson {}; row max {})",
                    model.layout.name_of(i),
                    model.layout.name_of(j),
                    col[i],
                    fd,
                    fd_r,
                    row_max[i]
                );
                if col[i] != 0.0 {
                    assert!(
                        pattern.contains(&(i, j)),
                        "{rel}: non-zero J[{},{}] missing from the pattern",
                        model.layout.name_of(i),
                        model.layout.name_of(j)
                    );
                }
            }
        }
    }
}

#[test]
fn every_submodel_declares_what_it_reads() {
    // each submodel evaluated with only its declared needs (all else NaN) gives finite
    // quantities and residual rows, for every bundled design and the every-submodel fixture
    let db = Database::bundled().unwrap();
    let mut texts: Vec<(String, String)> = bundled_files("cells/")
        .into_iter()
        .map(|rel| (rel.to_string(), bundled_file(rel).unwrap().to_string()))
        .collect();
    for name in [
        "nvp-nzsp-batio3c-al",
        "al-nzsp-na-deposition",
        "na-nzsp-na-pressed",
    ] {
        let text = bundled_file(&format!("cells/{name}.toml")).unwrap();
        texts.push((
            format!("{name} with every submodel"),
            natrium::cell::with_every_submodel(text),
        ));
    }
    for (name, text) in texts {
        let cell = natrium::cell::parse_cell(name.as_ref(), &text, &db)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let (model, _, _) = build_model(&cell).unwrap_or_else(|e| panic!("{name}: {e}"));
        for mode in [
            natrium::model::Mode::Current(1.0),
            natrium::model::Mode::Current(-1.0),
        ] {
            model.env.mode.set(mode);
            let bad = model.undeclared_reads(&model.y0);
            assert!(bad.is_empty(), "{name}: {bad:?}");
        }
    }
}
