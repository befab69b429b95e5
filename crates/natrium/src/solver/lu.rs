//! A sparse LU factorisation specialised for the BDF Newton matrix M − c·J of the cell model,
//! which is small (10²–10³ states), very sparse (≈ 3 nonzeros per row), refactorised tens of
//! thousands of times per run with the same pattern, and solved a few times per factorisation.
//!
//! The pivot sequence is chosen once from the numbers of a first matrix by Markowitz's rule
//! with threshold partial pivoting (Markowitz, Manage. Sci. 3 (1957) 255; Duff, Erisman & Reid,
//! *Direct Methods for Sparse Matrices*, 2nd ed., OUP 2017, ch. 9–10). That elimination also fixes
//! the fill pattern, and from it a flat list of every multiply-subtract of the factorisation is
//! compiled, so that later factorisations ("refactorisations", as in KLU: Davis & Palamadai
//! Natarajan, ACM TOMS 37 (2010) 36) are a branch-free loop over precomputed positions with no
//! allocation. A refactorisation whose pivot has become small relative to its column (the
//! threshold test of partial pivoting, with a looser bound) is redone with a new pivot sequence
//! chosen from the current numbers.

/// Threshold of the pivot choice: a pivot must be at least this fraction of the largest entry of
/// its column in the active submatrix (the usual 0.1 of sparse threshold pivoting).
const CHOICE_THRESHOLD: f64 = 0.1;
/// Threshold a refactorisation's pivots must keep; below it the pivot sequence is chosen anew.
const KEEP_THRESHOLD: f64 = 1e-3;

/// The matrix is singular (no usable pivot is left) or holds non-finite numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Singular;

/// A pivot sequence with its compiled elimination, for the pattern it was chosen on.
#[derive(Debug, Clone)]
pub struct Plan {
    n: usize,
    row_idx: Vec<usize>,
    col_of: Vec<usize>,
    factor: Factor,
}

/// Sparse LU with a fixed pivot sequence and precompiled elimination.
#[derive(Debug, Clone, Default)]
pub struct SparseLu {
    n: usize,
    /// Pattern of A (compressed sparse columns), with the column of each entry.
    row_idx: Vec<usize>,
    col_of: Vec<usize>,
    /// Row scale factors 1/max|a_ij| of the last matrix (row equilibration, so that the pivot
    /// tests compare like with like whatever the step size that scales the rows).
    rscale: Vec<f64>,
    /// The scaled values of the last matrix, in pattern order.
    scaled: Vec<f64>,
    factor: Option<Factor>,
    /// Number of times a pivot sequence was chosen.
    pub analyses: usize,
}

/// The compiled factorisation. Step k eliminates original row `prow[k]` and column `pcol[k]`;
/// `lu[base[k]]` is its pivot, followed by the row of U and the column of L (multipliers).
/// The substitutions run over flat lists (no loop nest, so no branch per column): L by
/// ascending columns, U scaled to unit diagonal by descending columns.
#[derive(Debug, Clone)]
struct Factor {
    prow: Vec<u32>,
    pcol: Vec<u32>,
    /// For each entry of A (in pattern order): its position in `lu`.
    scatter: Vec<u32>,
    lu: Vec<f64>,
    /// Position of each step's pivot in `lu`.
    piv: Vec<u32>,
    /// Updates of step k: `ops[ops_ptr[k]..ops_ptr[k+1]]`, each (target, L entry, U entry)
    /// positions: lu[target] −= lu[L]·lu[U]/pivot.
    ops_ptr: Vec<u32>,
    ops: Vec<[u32; 3]>,
    /// L entries in ascending column order: position in `lu`, row step, column step.
    l_src: Vec<u32>,
    l_row: Vec<u32>,
    l_col: Vec<u32>,
    l_val: Vec<f64>,
    /// U entries (off the diagonal) in descending column order: position, row step, column
    /// step; `u_val` holds them divided by their row's pivot.
    u_src: Vec<u32>,
    u_row: Vec<u32>,
    u_col: Vec<u32>,
    u_val: Vec<f64>,
    /// Reciprocal pivots.
    dinv: Vec<f64>,
    /// Whether the factorisation is valid.
    valid: bool,
}

impl SparseLu {
    /// Set up for matrices with this pattern (compressed sparse columns, n × n).
    pub fn new(n: usize, col_ptr: &[usize], row_idx: &[usize]) -> SparseLu {
        let mut col_of = Vec::with_capacity(row_idx.len());
        for j in 0..n {
            col_of.extend(std::iter::repeat_n(j, col_ptr[j + 1] - col_ptr[j]));
        }
        SparseLu {
            n,
            row_idx: row_idx.to_vec(),
            col_of,
            rscale: vec![0.0; n],
            scaled: vec![0.0; row_idx.len()],
            factor: None,
            analyses: 0,
        }
    }

    pub fn n(&self) -> usize {
        self.n
    }

    /// Factorise A given by its values in pattern order. Reuses the pivot sequence when its
    /// pivots stay acceptable; chooses a new one otherwise.
    pub fn factorise(&mut self, vals: &[f64]) -> Result<(), Singular> {
        if let Some(f) = self.factor.as_mut() {
            f.valid = false;
        }
        // row equilibration
        self.rscale.fill(0.0);
        for (&i, v) in self.row_idx.iter().zip(vals) {
            let a = v.abs();
            // NaN propagates into the scale and is caught below
            if a > self.rscale[i] || a.is_nan() {
                self.rscale[i] = a;
            }
        }
        for r in self.rscale.iter_mut() {
            if !(*r > 0.0 && r.is_finite()) {
                return Err(Singular);
            }
            *r = 1.0 / *r;
        }
        for ((s, &i), v) in self.scaled.iter_mut().zip(&self.row_idx).zip(vals) {
            *s = v * self.rscale[i];
        }
        if let Some(f) = self.factor.as_mut() {
            if f.refactor(&self.scaled).is_ok() {
                return Ok(());
            }
        }
        self.analyses += 1;
        self.factor = None;
        let mut f = self.analyse(&self.scaled)?;
        let r = f.refactor(&self.scaled);
        self.factor = Some(f);
        r
    }

    /// The pivot sequence and compiled elimination chosen so far, to start another solver on
    /// the same pattern without choosing again (`None` before the first factorisation).
    pub fn plan(&self) -> Option<Plan> {
        self.factor.as_ref().map(|f| Plan {
            n: self.n,
            row_idx: self.row_idx.clone(),
            col_of: self.col_of.clone(),
            factor: f.clone(),
        })
    }

    /// Adopt a plan made for the same pattern: the next factorisation replays it, and chooses
    /// a new pivot sequence only if one of its pivots fails the threshold test on the new
    /// numbers. Returns false (and changes nothing) if the plan is for another pattern.
    pub fn adopt(&mut self, plan: &Plan) -> bool {
        if plan.n != self.n || plan.row_idx != self.row_idx || plan.col_of != self.col_of {
            return false;
        }
        let mut f = plan.factor.clone();
        f.valid = false;
        self.factor = Some(f);
        true
    }

    /// Solve A·x = b in place; `work` has length n.
    pub fn solve(&self, b: &mut [f64], work: &mut [f64]) -> Result<(), Singular> {
        match &self.factor {
            Some(f) if f.valid => {
                f.solve(&self.rscale, b, work);
                Ok(())
            }
            _ => Err(Singular),
        }
    }

    /// Solve Aᵀ·x = b in place; `work` has length n.
    pub fn solve_transpose(&self, b: &mut [f64], work: &mut [f64]) -> Result<(), Singular> {
        match &self.factor {
            Some(f) if f.valid => {
                f.solve_transpose(&self.rscale, b, work);
                Ok(())
            }
            _ => Err(Singular),
        }
    }

    /// Number of entries of L + U (with the diagonal).
    pub fn factor_nonzeros(&self) -> usize {
        self.factor.as_ref().map(|f| f.lu.len()).unwrap_or(0)
    }

    /// Multiply-subtract operations per factorisation.
    pub fn factor_updates(&self) -> usize {
        self.factor.as_ref().map(|f| f.ops.len()).unwrap_or(0)
    }

    /// Choose the pivot sequence by Markowitz's rule with threshold pivoting on these values,
    /// and compile the elimination.
    fn analyse(&self, vals: &[f64]) -> Result<Factor, Singular> {
        let n = self.n;
        if vals.iter().any(|v| !v.is_finite()) {
            return Err(Singular);
        }
        // active submatrix: rows as (column, value) lists, columns as lists of rows (which may
        // hold rows eliminated since; they are skipped)
        let mut rows: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        let mut cols: Vec<Vec<usize>> = vec![Vec::new(); n];
        for ((&i, &j), &v) in self.row_idx.iter().zip(&self.col_of).zip(vals) {
            rows[i].push((j, v));
            cols[j].push(i);
        }
        let mut row_done = vec![false; n];
        let mut col_done = vec![false; n];
        let mut col_count: Vec<usize> = cols.iter().map(|c| c.len()).collect();
        let mut prow = Vec::with_capacity(n);
        let mut pcol = Vec::with_capacity(n);
        // per step: U entries (original columns) and L entries (original rows)
        let mut u_lists: Vec<Vec<usize>> = Vec::with_capacity(n);
        let mut l_lists: Vec<Vec<usize>> = Vec::with_capacity(n);
        let find = |row: &[(usize, f64)], j: usize| row.iter().position(|&(c, _)| c == j);
        for _ in 0..n {
            // pivot search over all active columns: the least Markowitz cost (r−1)(c−1) among
            // entries that pass the threshold test of their column; ties go to the larger
            // relative magnitude, then to the lower column and row (deterministic)
            let mut best: Option<(usize, f64, usize, usize)> = None; // (cost, rel, row, col)
            for j in 0..n {
                if col_done[j] {
                    continue;
                }
                let cj = col_count[j];
                if let Some((bc, _, _, _)) = best {
                    // every entry of this column costs at least (c−1)·0; skip columns that
                    // cannot beat the best unless its cost is already zero
                    if bc == 0 && cj > 1 {
                        continue;
                    }
                }
                let mut cmax = 0.0f64;
                for &i in &cols[j] {
                    if !row_done[i] {
                        if let Some(p) = find(&rows[i], j) {
                            cmax = cmax.max(rows[i][p].1.abs());
                        }
                    }
                }
                if cmax == 0.0 {
                    continue;
                }
                for &i in &cols[j] {
                    if row_done[i] {
                        continue;
                    }
                    let Some(p) = find(&rows[i], j) else { continue };
                    let a = rows[i][p].1.abs();
                    if a < CHOICE_THRESHOLD * cmax || a == 0.0 {
                        continue;
                    }
                    let cost = (rows[i].len() - 1) * (cj - 1);
                    let rel = a / cmax;
                    let better = match best {
                        None => true,
                        Some((bc, br, bi, bj)) => {
                            cost < bc
                                || (cost == bc && rel > br)
                                || (cost == bc && rel == br && (j, i) < (bj, bi))
                        }
                    };
                    if better {
                        best = Some((cost, rel, i, j));
                    }
                }
            }
            let Some((_, _, p, q)) = best else {
                return Err(Singular);
            };
            // eliminate pivot (p, q)
            let pr = std::mem::take(&mut rows[p]);
            let pk = find(&pr, q).ok_or(Singular)?;
            let pv = pr[pk].1;
            let urow: Vec<(usize, f64)> = pr
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != pk)
                .map(|(_, &e)| e)
                .collect();
            let mut lcol = Vec::new();
            let qrows = std::mem::take(&mut cols[q]);
            for &i in &qrows {
                if row_done[i] || i == p {
                    continue;
                }
                let Some(k) = find(&rows[i], q) else { continue };
                let m = rows[i][k].1 / pv;
                rows[i].swap_remove(k);
                lcol.push(i);
                for &(j, v) in &urow {
                    match find(&rows[i], j) {
                        Some(e) => rows[i][e].1 -= m * v,
                        None => {
                            rows[i].push((j, -m * v));
                            cols[j].push(i);
                            col_count[j] += 1;
                        }
                    }
                }
            }
            for &(j, _) in &urow {
                col_count[j] -= 1;
            }
            row_done[p] = true;
            col_done[q] = true;
            prow.push(p);
            pcol.push(q);
            u_lists.push(urow.iter().map(|&(j, _)| j).collect());
            l_lists.push(lcol);
        }
        Ok(self.compile(prow, pcol, u_lists, l_lists))
    }

    /// Lay out L and U step by step and list the positions of every operation.
    fn compile(
        &self,
        prow: Vec<usize>,
        pcol: Vec<usize>,
        u_lists: Vec<Vec<usize>>,
        l_lists: Vec<Vec<usize>>,
    ) -> Factor {
        let n = self.n;
        let mut rstep = vec![0usize; n];
        let mut cstep = vec![0usize; n];
        for k in 0..n {
            rstep[prow[k]] = k;
            cstep[pcol[k]] = k;
        }
        // entries of each factor row (by step): (column step, position)
        let mut by_row: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        let mut next = 0u32;
        let mut piv = Vec::with_capacity(n);
        // per step: U entries (column step, position) and L entries (row step, position)
        let mut us_k: Vec<Vec<(u32, u32)>> = Vec::with_capacity(n);
        let mut ls_k: Vec<Vec<(u32, u32)>> = Vec::with_capacity(n);
        for k in 0..n {
            piv.push(next);
            by_row[k].push((k as u32, next));
            next += 1;
            let mut us: Vec<usize> = u_lists[k].iter().map(|&j| cstep[j]).collect();
            us.sort_unstable();
            let mut ue = Vec::with_capacity(us.len());
            for c in us {
                by_row[k].push((c as u32, next));
                ue.push((c as u32, next));
                next += 1;
            }
            us_k.push(ue);
            let mut ls: Vec<usize> = l_lists[k].iter().map(|&i| rstep[i]).collect();
            ls.sort_unstable();
            let mut le = Vec::with_capacity(ls.len());
            for r in ls {
                by_row[r].push((k as u32, next));
                le.push((r as u32, next));
                next += 1;
            }
            ls_k.push(le);
        }
        // position lookup through a dense marker of one row at a time
        let mut mark = vec![u32::MAX; n];
        let mut ops_ptr = vec![0u32];
        let mut ops = Vec::new();
        for k in 0..n {
            for &(r, lp) in &ls_k[k] {
                for &(c, p) in &by_row[r as usize] {
                    mark[c as usize] = p;
                }
                for &(c, up) in &us_k[k] {
                    let t = mark[c as usize];
                    debug_assert_ne!(t, u32::MAX, "fill entry missing");
                    ops.push([t, lp, up]);
                }
                for &(c, _) in &by_row[r as usize] {
                    mark[c as usize] = u32::MAX;
                }
            }
            ops_ptr.push(ops.len() as u32);
        }
        let (mut l_src, mut l_row, mut l_col) = (Vec::new(), Vec::new(), Vec::new());
        for (k, le) in ls_k.iter().enumerate() {
            for &(r, p) in le {
                l_src.push(p);
                l_row.push(r);
                l_col.push(k as u32);
            }
        }
        // U by columns, descending
        let mut by_col: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        for (k, ue) in us_k.iter().enumerate() {
            for &(c, p) in ue {
                by_col[c as usize].push((k as u32, p));
            }
        }
        let (mut u_src, mut u_row, mut u_col) = (Vec::new(), Vec::new(), Vec::new());
        for c in (0..n).rev() {
            for &(r, p) in &by_col[c] {
                u_src.push(p);
                u_row.push(r);
                u_col.push(c as u32);
            }
        }
        let scatter = self
            .row_idx
            .iter()
            .zip(&self.col_of)
            .map(|(&i, &j)| {
                let c = cstep[j] as u32;
                by_row[rstep[i]]
                    .iter()
                    .find(|&&(cc, _)| cc == c)
                    .map(|&(_, p)| p)
                    .expect("every entry of A has a place in L + U")
            })
            .collect();
        Factor {
            prow: prow.iter().map(|&p| p as u32).collect(),
            pcol: pcol.iter().map(|&p| p as u32).collect(),
            scatter,
            lu: vec![0.0; next as usize],
            piv,
            ops_ptr,
            ops,
            l_val: vec![0.0; l_src.len()],
            l_src,
            l_row,
            l_col,
            u_val: vec![0.0; u_src.len()],
            u_src,
            u_row,
            u_col,
            dinv: vec![0.0; n],
            valid: false,
        }
    }
}

impl Factor {
    /// Numeric factorisation with the fixed pivot sequence; fails when a pivot is zero or not
    /// finite, or when a multiplier exceeds 1/KEEP_THRESHOLD (the pivot has become small
    /// against its column: the threshold test of partial pivoting, looser than at the choice).
    fn refactor(&mut self, vals: &[f64]) -> Result<(), Singular> {
        self.valid = false;
        let lu = &mut self.lu;
        lu.fill(0.0);
        for (&p, &v) in self.scatter.iter().zip(vals) {
            lu[p as usize] = v;
        }
        for k in 0..self.piv.len() {
            let p = lu[self.piv[k] as usize];
            // also rejects NaN
            if !(p != 0.0 && p.is_finite()) {
                return Err(Singular);
            }
            let inv = 1.0 / p;
            self.dinv[k] = inv;
            let ops = &self.ops[self.ops_ptr[k] as usize..self.ops_ptr[k + 1] as usize];
            for &[t, l, u] in ops {
                let d = lu[l as usize] * lu[u as usize] * inv;
                lu[t as usize] -= d;
            }
        }
        let limit = 1.0 / KEEP_THRESHOLD;
        let mut ok = true;
        for ((v, &src), &c) in self.l_val.iter_mut().zip(&self.l_src).zip(&self.l_col) {
            let m = lu[src as usize] * self.dinv[c as usize];
            ok &= m.abs() <= limit;
            *v = m;
        }
        for ((v, &src), &r) in self.u_val.iter_mut().zip(&self.u_src).zip(&self.u_row) {
            *v = lu[src as usize] * self.dinv[r as usize];
            ok &= v.is_finite();
        }
        // `ok` is false for NaN multipliers too
        if !ok {
            return Err(Singular);
        }
        self.valid = true;
        Ok(())
    }

    fn solve(&self, rscale: &[f64], b: &mut [f64], z: &mut [f64]) {
        for (zk, &p) in z.iter_mut().zip(&self.prow) {
            *zk = b[p as usize] * rscale[p as usize];
        }
        // L z = P R b (unit lower, ascending columns)
        for ((&v, &r), &c) in self.l_val.iter().zip(&self.l_row).zip(&self.l_col) {
            z[r as usize] -= v * z[c as usize];
        }
        // U = D·Ũ with Ũ unit upper: Ũ w = D⁻¹ z (descending columns)
        for (zk, &d) in z.iter_mut().zip(&self.dinv) {
            *zk *= d;
        }
        for ((&v, &r), &c) in self.u_val.iter().zip(&self.u_row).zip(&self.u_col) {
            z[r as usize] -= v * z[c as usize];
        }
        for (&zk, &q) in z.iter().zip(&self.pcol) {
            b[q as usize] = zk;
        }
    }

    /// Aᵀx = b with A = R⁻¹·(R A): (R A)ᵀ y = b, x = R y; (R A)ᵀ = Ũᵀ·D·Lᵀ in step order.
    fn solve_transpose(&self, rscale: &[f64], b: &mut [f64], z: &mut [f64]) {
        for (zk, &q) in z.iter_mut().zip(&self.pcol) {
            *zk = b[q as usize];
        }
        // Ũᵀ s = Qᵀ b: unit lower, entries (c, r) with c > r, by ascending c
        for ((&v, &r), &c) in self.u_val.iter().zip(&self.u_row).zip(&self.u_col).rev() {
            z[c as usize] -= v * z[r as usize];
        }
        for (zk, &d) in z.iter_mut().zip(&self.dinv) {
            *zk *= d;
        }
        // Lᵀ y = v: unit upper, entries (c, r) with r > c, by descending c
        for ((&v, &r), &c) in self.l_val.iter().zip(&self.l_row).zip(&self.l_col).rev() {
            z[c as usize] -= v * z[r as usize];
        }
        for (&zk, &p) in z.iter().zip(&self.prow) {
            b[p as usize] = zk * rscale[p as usize];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A dense matrix as compressed sparse columns of its nonzeros (plus forced entries).
    fn csc(a: &[Vec<f64>], keep: &[(usize, usize)]) -> (Vec<usize>, Vec<usize>, Vec<f64>) {
        let n = a.len();
        let mut cp = vec![0];
        let mut ri = Vec::new();
        let mut v = Vec::new();
        for j in 0..n {
            for (i, row) in a.iter().enumerate() {
                if row[j] != 0.0 || keep.contains(&(i, j)) {
                    ri.push(i);
                    v.push(row[j]);
                }
            }
            cp.push(ri.len());
        }
        (cp, ri, v)
    }

    fn matvec(a: &[Vec<f64>], x: &[f64]) -> Vec<f64> {
        a.iter()
            .map(|r| r.iter().zip(x).map(|(p, q)| p * q).sum())
            .collect()
    }

    fn rng(seed: &mut u64) -> f64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((*seed >> 11) as f64) / ((1u64 << 53) as f64) - 0.5
    }

    fn random_sparse(n: usize, seed: &mut u64, zero_diag: bool) -> Vec<Vec<f64>> {
        let mut a = vec![vec![0.0; n]; n];
        for i in 0..n {
            if !zero_diag || i % 3 != 0 {
                a[i][i] = 2.0 + rng(seed);
            }
            for _ in 0..3 {
                let j = ((rng(seed) + 0.5) * n as f64) as usize % n;
                a[i][j] += rng(seed);
            }
            // a permutation-like entry keeps rows with a zero diagonal nonsingular
            a[i][(i + 1) % n] += 1.0 + rng(seed);
        }
        a
    }

    fn check(a: &[Vec<f64>], lu: &SparseLu) {
        let n = a.len();
        let x: Vec<f64> = (0..n).map(|i| 1.0 + i as f64 * 0.1).collect();
        let mut b = matvec(a, &x);
        let mut w = vec![0.0; n];
        lu.solve(&mut b, &mut w).unwrap();
        for i in 0..n {
            assert!((b[i] - x[i]).abs() < 1e-9, "x[{i}] = {} not {}", b[i], x[i]);
        }
        let at: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| a[j][i]).collect()).collect();
        let mut b = matvec(&at, &x);
        lu.solve_transpose(&mut b, &mut w).unwrap();
        for i in 0..n {
            assert!(
                (b[i] - x[i]).abs() < 1e-9,
                "xt[{i}] = {} not {}",
                b[i],
                x[i]
            );
        }
    }

    #[test]
    fn solves_random_sparse_systems_and_their_transposes() {
        let mut seed = 7;
        for &(n, zd) in &[(1, false), (5, false), (40, false), (40, true), (141, true)] {
            let a = random_sparse(n, &mut seed, zd);
            let (cp, ri, v) = csc(&a, &[]);
            let mut lu = SparseLu::new(n, &cp, &ri);
            lu.factorise(&v).unwrap();
            check(&a, &lu);
            // same pattern, new numbers: refactorised (or re-analysed when needed)
            let mut b = a.clone();
            for (i, row) in b.iter_mut().enumerate() {
                for (j, x) in row.iter_mut().enumerate() {
                    if *x != 0.0 {
                        *x *= 1.0 + 0.3 * rng(&mut seed) + 0.01 * (i + j) as f64;
                    }
                }
            }
            let (_, _, v2) = csc(&b, &[]);
            lu.factorise(&v2).unwrap();
            check(&b, &lu);
        }
    }

    #[test]
    fn a_pivot_that_becomes_small_triggers_a_new_pivot_sequence() {
        // [[d, 1], [1, 1]]: pivots on the diagonal while d is large, then d → 0
        let pattern = [(0, 0), (1, 0), (0, 1), (1, 1)];
        let cp = vec![0, 2, 4];
        let ri: Vec<usize> = pattern.iter().map(|p| p.0).collect();
        let mut lu = SparseLu::new(2, &cp, &ri);
        lu.factorise(&[4.0, 1.0, 1.0, 1.0]).unwrap();
        assert_eq!(lu.analyses, 1);
        lu.factorise(&[3.0, 1.0, 1.0, 1.0]).unwrap();
        assert_eq!(lu.analyses, 1);
        let a = vec![vec![1e-9, 1.0], vec![1.0, 1.0]];
        lu.factorise(&[1e-9, 1.0, 1.0, 1.0]).unwrap();
        check(&a, &lu);
    }

    #[test]
    fn an_adopted_plan_solves_without_choosing_pivots_and_only_fits_its_pattern() {
        let mut seed = 11;
        let a = random_sparse(40, &mut seed, true);
        let (cp, ri, v) = csc(&a, &[]);
        let mut first = SparseLu::new(40, &cp, &ri);
        assert!(first.plan().is_none());
        first.factorise(&v).unwrap();
        let plan = first.plan().unwrap();
        // a second solver on the same pattern replays the plan on new numbers
        let mut b = a.clone();
        for row in b.iter_mut() {
            for x in row.iter_mut() {
                *x *= 1.0 + 0.05 * rng(&mut seed);
            }
        }
        let (_, _, v2) = csc(&b, &[]);
        let mut second = SparseLu::new(40, &cp, &ri);
        assert!(second.adopt(&plan));
        second.factorise(&v2).unwrap();
        assert_eq!(second.analyses, 0);
        check(&b, &second);
        // a plan whose pivots fail on the new numbers is replaced
        let m = vec![vec![4.0, 1.0], vec![1.0, 1.0]];
        let (cp2, ri2, vm) = csc(&m, &[]);
        let mut lu = SparseLu::new(2, &cp2, &ri2);
        lu.factorise(&vm).unwrap();
        let mut other = SparseLu::new(2, &cp2, &ri2);
        assert!(other.adopt(&lu.plan().unwrap()));
        other.factorise(&[1e-9, 1.0, 1.0, 1.0]).unwrap();
        assert_eq!(other.analyses, 1);
        check(&[vec![1e-9, 1.0], vec![1.0, 1.0]], &other);
        // another pattern: not adopted
        let mut third = SparseLu::new(2, &cp2, &ri2);
        assert!(!third.adopt(&plan));
        assert!(third.plan().is_none());
    }

    #[test]
    fn structurally_zero_values_and_singular_matrices() {
        // an entry of the pattern that is numerically zero now may be nonzero later
        let a = vec![vec![1.0, 0.0], vec![0.0, 2.0]];
        let (cp, ri, v) = csc(&a, &[(0, 1), (1, 0)]);
        let mut lu = SparseLu::new(2, &cp, &ri);
        lu.factorise(&v).unwrap();
        check(&a, &lu);
        let b = vec![vec![1.0, 3.0], vec![0.5, 2.0]];
        let (_, _, v2) = csc(&b, &[]);
        lu.factorise(&v2).unwrap();
        check(&b, &lu);
        // singular: a zero column
        assert!(lu.factorise(&[1.0, 0.0, 0.0, 0.0]).is_err());
        let mut x = vec![1.0, 1.0];
        let mut w = vec![0.0; 2];
        assert!(lu.solve(&mut x, &mut w).is_err());
        // non-finite numbers
        assert!(lu.factorise(&[f64::NAN, 1.0, 1.0, 1.0]).is_err());
    }
}
