//! diffsol's linear-solver interface on top of our [`SparseLu`]: the Newton matrix is assembled
//! in diffsol's sparse matrix (fixed pattern), its values are handed to the refactorisation, and
//! solves run in place on the vector's storage. Nothing is allocated per factorisation or solve.

use std::cell::{Cell, RefCell};

use diffsol::{
    FaerContext, FaerSparseMat, FaerVec, LaError, LaLinearOp, Matrix, MatrixCommon, Vector,
};

use super::lu::{Plan, SparseLu};

type Mat = FaerSparseMat<f64>;

thread_local! {
    /// Pivot-sequence choices made on this thread (a statistic; see [`analyses`]).
    static ANALYSES: Cell<usize> = const { Cell::new(0) };
}

thread_local! {
    /// The last pivot plan chosen on this thread. Every protocol run builds a new BDF solver
    /// (and with it a new linear solver) for the same model; replaying the plan saves choosing
    /// the pivot sequence again (≈ 0.15 ms, 7 % of a 1C discharge of the thin-target design).
    /// A plan for another pattern is not adopted; a plan whose pivots fail on the new numbers
    /// is replaced by a fresh choice, as within a run.
    static LAST_PLAN: std::cell::RefCell<Option<Plan>> = const { std::cell::RefCell::new(None) };
}

/// Pivot sequences chosen so far on this thread (diffsol creates the linear solver itself, so
/// the count cannot be handed back through it).
pub(crate) fn analyses() -> usize {
    ANALYSES.with(|c| c.get())
}

/// The linear solver handed to diffsol's BDF.
#[derive(Default)]
pub struct NewtonLu {
    a: Option<Mat>,
    lu: SparseLu,
    ok: bool,
    work: RefCell<Vec<f64>>,
}

fn failed() -> LaError {
    LaError::Other("the Newton matrix is singular or not finite".to_string())
}

impl diffsol_la::LinearSolver<Mat> for NewtonLu {
    fn set_linearisation<C: LaLinearOp<T = f64, V = FaerVec<f64>, M = Mat, C = FaerContext>>(
        &mut self,
        op: &C,
    ) {
        // diffsol sets the sparsity first; without it there is nothing to factorise
        let Some(a) = self.a.as_mut() else {
            self.ok = false;
            return;
        };
        op.matrix_inplace(a);
        let before = self.lu.analyses;
        self.ok = self.lu.factorise(a.inner()[0].val()).is_ok();
        let new = self.lu.analyses - before;
        if new > 0 {
            ANALYSES.with(|c| c.set(c.get() + new));
            if let Some(plan) = self.lu.plan() {
                LAST_PLAN.with(|p| *p.borrow_mut() = Some(plan));
            }
        }
    }

    fn set_sparsity<C: LaLinearOp<T = f64, V = FaerVec<f64>, M = Mat, C = FaerContext>>(
        &mut self,
        op: &C,
    ) {
        let (nr, nc) = (op.nrows(), op.ncols());
        assert_eq!(nr, nc, "the Newton matrix is square");
        let a = Mat::new_from_sparsity(nr, nc, op.sparsity(), *op.context());
        {
            let s = a.inner()[0].symbolic();
            assert!(s.col_nnz().is_none(), "compact column storage");
            self.lu = SparseLu::new(nc, s.col_ptr(), s.row_idx());
        }
        LAST_PLAN.with(|p| {
            if let Some(plan) = p.borrow().as_ref() {
                self.lu.adopt(plan);
            }
        });
        self.a = Some(a);
        self.ok = false;
        *self.work.borrow_mut() = vec![0.0; nc];
    }

    fn solve_in_place(&self, x: &mut FaerVec<f64>) -> Result<(), LaError> {
        if !self.ok {
            return Err(failed());
        }
        let mut w = self.work.borrow_mut();
        let xs = x.inner_mut().col_as_slice_mut(0);
        self.lu.solve(xs, &mut w).map_err(|_| failed())
    }

    fn solve_transpose_in_place(&self, x: &mut FaerVec<f64>) -> Result<(), LaError> {
        if !self.ok {
            return Err(failed());
        }
        let mut w = self.work.borrow_mut();
        let xs = x.inner_mut().col_as_slice_mut(0);
        self.lu.solve_transpose(xs, &mut w).map_err(|_| failed())
    }
}
