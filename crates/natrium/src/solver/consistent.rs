//! Consistent initialisation after a change of operating mode or a discrete state change: solve
//! the algebraic equations for the algebraic unknowns with the differential states frozen (damped
//! Newton, exact Jacobian of the algebraic block from dual numbers, dense LU of faer), then set
//! y' = f(y) on differential rows and 0 on algebraic ones (Brown, Hindmarsh & Petzold, SIAM J.
//! Sci. Comput. 19 (1998) 1495, the "y_alg given y_diff" case).

use faer::linalg::solvers::Solve;
use faer::Mat as Dense;

use crate::model::CellModel;

/// Why the algebraic equations could not be solved.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsistencyFailure {
    pub iterations: usize,
    /// Largest remaining algebraic residual and the state it belongs to.
    pub max_residual: f64,
    pub worst: String,
}

/// Columns of the algebraic block grouped so that no two columns of a group share a row: one
/// dual-number evaluation per group gives all their entries (Curtis, Powell & Reid, IMA J. Appl.
/// Math. 13 (1974) 117). Each group lists its entries as (row, column) positions in the block.
struct Colouring {
    groups: Vec<Vec<(usize, usize)>>,
}

impl Colouring {
    fn new(pattern: &[(usize, usize)], alg: &[usize], n: usize) -> Colouring {
        // position of each state in the algebraic block
        let mut pos = vec![usize::MAX; n];
        for (k, &i) in alg.iter().enumerate() {
            pos[i] = k;
        }
        let mut rows_of: Vec<Vec<usize>> = vec![Vec::new(); alg.len()];
        for &(i, j) in pattern {
            if pos[i] != usize::MAX && pos[j] != usize::MAX {
                rows_of[pos[j]].push(pos[i]);
            }
        }
        for rows in rows_of.iter_mut() {
            rows.sort_unstable();
            rows.dedup();
        }
        // greedy: each column joins the first group none of whose rows it touches (a column
        // without entries joins the first group and adds nothing)
        let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
        let mut taken: Vec<Vec<bool>> = Vec::new();
        for (c, rows) in rows_of.iter().enumerate() {
            let g = (0..groups.len())
                .find(|&g| rows.iter().all(|&r| !taken[g][r]))
                .unwrap_or_else(|| {
                    groups.push(Vec::new());
                    taken.push(vec![false; alg.len()]);
                    groups.len() - 1
                });
            for &r in rows {
                taken[g][r] = true;
                groups[g].push((r, c));
            }
        }
        Colouring { groups }
    }
}

/// Solve the algebraic block in place; fill `dy`.
pub fn make_consistent(
    model: &CellModel,
    alg: &[usize],
    y: &mut [f64],
    dy: &mut [f64],
    atol: &[f64],
    rtol: f64,
) -> Result<usize, ConsistencyFailure> {
    let n = y.len();
    let na = alg.len();
    let mut f = vec![0.0; n];
    let mut dir = vec![0.0; n];
    let mut col = vec![0.0; n];
    let mut trial = vec![0.0; n];
    let mut jac = Dense::<f64>::zeros(na, na);
    let mut rhs = Dense::<f64>::zeros(na, 1);
    let colours = Colouring::new(model.pattern(), alg, n);
    let merit = |f: &[f64]| -> f64 { alg.iter().map(|&i| f[i] * f[i]).sum::<f64>() };
    model.residual(y, &mut f);
    let mut m0 = merit(&f);
    let mut iterations = 0;
    // size of the last Newton update in units of the tolerance (∞ until one is taken)
    let mut last_step = if na == 0 { 0.0 } else { f64::INFINITY };
    if na > 0 {
        for it in 0..50 {
            iterations = it + 1;
            if !m0.is_finite() {
                break;
            }
            jac.fill(0.0);
            for group in &colours.groups {
                for &(_, c) in group {
                    dir[alg[c]] = 1.0;
                }
                model.jvp(y, &dir, &mut col);
                for &(_, c) in group {
                    dir[alg[c]] = 0.0;
                }
                for &(r, c) in group {
                    jac[(r, c)] = col[alg[r]];
                }
            }
            for (r, &i) in alg.iter().enumerate() {
                rhs[(r, 0)] = -f[i];
            }
            let delta = jac.partial_piv_lu().solve(&rhs);
            let mut step_norm: f64 = 0.0;
            for (r, &i) in alg.iter().enumerate() {
                let d = delta[(r, 0)];
                step_norm = step_norm.max(d.abs() / (atol[i] + rtol * y[i].abs()));
            }
            if !step_norm.is_finite() {
                break;
            }
            // damped update: halve until the merit decreases (a full step is always taken once
            // the residual is at round-off level, where the merit no longer decreases reliably)
            let mut alpha = 1.0;
            let mut accepted = false;
            for _ in 0..12 {
                trial.copy_from_slice(y);
                for (r, &i) in alg.iter().enumerate() {
                    trial[i] += alpha * delta[(r, 0)];
                }
                model.residual(&trial, &mut f);
                let m1 = merit(&f);
                if m1.is_finite() && (m1 < m0 || (alpha == 1.0 && step_norm < 1.0)) {
                    y.copy_from_slice(&trial);
                    m0 = m1;
                    accepted = true;
                    break;
                }
                alpha *= 0.5;
            }
            if !accepted {
                model.residual(y, &mut f);
                break;
            }
            last_step = alpha * step_norm;
            if alpha == 1.0 && step_norm < 1e-6 {
                break;
            }
        }
    }
    model.residual(y, &mut f);
    let mut worst = (0.0f64, 0usize);
    for &i in alg {
        let r = f[i].abs();
        if r.is_nan() || r > worst.0 {
            worst = (r, i);
        }
    }
    // converged when the last update was far below the solver tolerance
    let converged = last_step < 1e-2;
    if !converged || !worst.0.is_finite() {
        return Err(ConsistencyFailure {
            iterations,
            max_residual: worst.0,
            worst: model.layout.name_of(worst.1),
        });
    }
    for i in 0..n {
        dy[i] = if model.layout.differential[i] {
            f[i]
        } else {
            0.0
        };
    }
    Ok(iterations)
}

#[cfg(test)]
mod tests {
    use super::Colouring;

    /// Every entry of the algebraic block is read exactly once, from a group in which no other
    /// column touches its row (so the dual evaluation of the group gives it unmixed).
    #[test]
    fn colouring_covers_the_algebraic_block_without_row_conflicts() {
        // 7 states, algebraic ones 1, 2, 4, 6; a tridiagonal chain among them plus a dense row,
        // entries in differential rows or columns that the block must ignore, and an empty column
        let n = 7;
        let alg = [1, 2, 4, 6];
        let mut pattern = vec![(0, 0), (0, 1), (3, 2), (1, 3), (5, 5)];
        for (k, &i) in alg.iter().enumerate() {
            pattern.push((i, i));
            if k + 1 < alg.len() && alg[k + 1] != 6 {
                pattern.push((i, alg[k + 1]));
                pattern.push((alg[k + 1], i));
            }
        }
        pattern.push((2, 1));
        pattern.push((2, 4));
        pattern.retain(|&(i, j)| !(j == 6 && i != 6) && (i, j) != (6, 6));
        let c = Colouring::new(&pattern, &alg, n);
        let pos = |s: usize| alg.iter().position(|&a| a == s);
        let mut expected: Vec<(usize, usize)> = pattern
            .iter()
            .filter_map(|&(i, j)| Some((pos(i)?, pos(j)?)))
            .collect();
        expected.sort_unstable();
        expected.dedup();
        let mut seen: Vec<(usize, usize)> = c.groups.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, expected);
        for g in &c.groups {
            for (a, &(r1, c1)) in g.iter().enumerate() {
                for &(r2, c2) in &g[a + 1..] {
                    assert!(
                        r1 != r2 || c1 == c2,
                        "row {r1} read from columns {c1} and {c2}"
                    );
                }
            }
        }
        // the tridiagonal block needs at most 3 colours, not one per column
        assert!(c.groups.len() <= 3, "{} groups", c.groups.len());
    }
}
