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
        for j in 0..n {
            dir[j] = 1.0;
            model.jvp(&y, &dir, &mut col);
            dir[j] = 0.0;
            let h = 1e-6 * model.layout.scale[j].max(y[j].abs());
            let mut yp = y.clone();
            yp[j] += h;
            model.residual(&yp, &mut f1);
            yp[j] -= 2.0 * h;
            model.residual(&yp, &mut f2);
            for i in 0..n {
                let fd = (f1[i] - f2[i]) / (2.0 * h);
                let scale = col[i].abs().max(fd.abs()).max(1e-8);
                assert!(
                    (col[i] - fd).abs() <= 1e-3 * scale + 1e-9,
                    "{rel}: J[{},{}] dual {} vs FD {}",
                    model.layout.name_of(i),
                    model.layout.name_of(j),
                    col[i],
                    fd
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
