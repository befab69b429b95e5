//! diffsol's operator traits implemented on the cell model: residual, exact Jacobian (forward-mode
//! dual numbers, one evaluation per colour of the detected sparsity), diagonal singular mass
//! matrix, root functions (protocol stop conditions and model events) and the initial state.

use std::cell::{Cell, RefCell};

use diffsol::matrix::sparsity::MatrixSparsity;
use diffsol::{
    ConstantOp, FaerSparseMat, JacobianColoring, LinearOp, Matrix, NonLinearOp,
    NonLinearOpJacobian, OdeEquations, OdeEquationsRef, Op, UnitCallable, Vector, VectorCommon,
    VectorIndex,
};

use super::StopSet;
use crate::model::CellModel;

pub(crate) type Mat = FaerSparseMat<f64>;
pub(crate) type Vec64 = diffsol::FaerVec<f64>;
type Ctx = diffsol::FaerContext;
type Sparsity = <Mat as Matrix>::Sparsity;

/// Evaluation counters.
#[derive(Debug, Default, Clone)]
pub struct Counters {
    pub rhs: Cell<u64>,
    pub jvp: Cell<u64>,
    pub jacobians: Cell<u64>,
    pub roots: Cell<u64>,
}

fn bump(c: &Cell<u64>) {
    c.set(c.get() + 1);
}

/// Copy a diffsol vector into a slice (no allocation).
#[inline]
pub(crate) fn read(v: &Vec64, out: &mut [f64]) {
    out.copy_from_slice(v.inner().col_as_slice(0));
}

/// Copy a slice into a diffsol vector.
#[inline]
pub(crate) fn write(v: &mut Vec64, src: &[f64]) {
    v.inner_mut().col_as_slice_mut(0).copy_from_slice(src);
}

struct Scratch {
    y: Vec<f64>,
    v: Vec<f64>,
    f: Vec<f64>,
    g: Vec<f64>,
}

/// The equations object handed to diffsol.
pub struct Equations {
    pub(crate) model: CellModel,
    pub(crate) stops: RefCell<StopSet>,
    pub(crate) initial: Vec<f64>,
    ctx: Ctx,
    p: Vec64,
    jac_sparsity: Sparsity,
    mass_sparsity: Sparsity,
    coloring: JacobianColoring<Mat>,
    mass_map: Vec<usize>,
    mass_vals: Vec<f64>,
    scratch: RefCell<Scratch>,
    pub(crate) n_roots: usize,
    pub counters: Counters,
}

impl Equations {
    pub(crate) fn new(
        model: CellModel,
        initial: Vec<f64>,
        n_slots: usize,
    ) -> Result<Equations, String> {
        let n = model.n();
        let ctx = Ctx::default();
        let pattern = model.pattern().to_vec();
        let jac_sparsity =
            <Sparsity as MatrixSparsity<Mat>>::try_from_indices(n, n, pattern.clone())
                .map_err(|e| format!("Jacobian sparsity: {e}"))?;
        let diag: Vec<(usize, usize)> = (0..n).map(|i| (i, i)).collect();
        let mass_sparsity = <Sparsity as MatrixSparsity<Mat>>::try_from_indices(n, n, diag.clone())
            .map_err(|e| format!("mass sparsity: {e}"))?;
        let mass_map = MatrixSparsity::<Mat>::get_index(&mass_sparsity, &diag, ctx).clone_as_vec();
        let mass_vals = model
            .layout
            .differential
            .iter()
            .map(|&d| if d { 1.0 } else { 0.0 })
            .collect();
        let coloring = JacobianColoring::new(&jac_sparsity, &pattern, ctx);
        let n_roots = n_slots + model.event_decls().len();
        Ok(Equations {
            stops: RefCell::new(StopSet::new(n_slots)),
            initial,
            p: Vec64::from_vec(vec![0.0], ctx),
            ctx,
            jac_sparsity,
            mass_sparsity,
            coloring,
            mass_map,
            mass_vals,
            scratch: RefCell::new(Scratch {
                y: vec![0.0; n],
                v: vec![0.0; n],
                f: vec![0.0; n],
                g: Vec::with_capacity(n_roots),
            }),
            n_roots,
            counters: Counters::default(),
            model,
        })
    }

    pub fn model(&self) -> &CellModel {
        &self.model
    }
}

impl Op for Equations {
    type T = f64;
    type V = Vec64;
    type M = Mat;
    type C = Ctx;
    fn context(&self) -> &Ctx {
        &self.ctx
    }
    fn nstates(&self) -> usize {
        self.model.n()
    }
    fn nout(&self) -> usize {
        self.model.n()
    }
    fn nparams(&self) -> usize {
        1
    }
}

macro_rules! view {
    ($name:ident, $nout:expr) => {
        pub struct $name<'a>(pub &'a Equations);
        impl Op for $name<'_> {
            type T = f64;
            type V = Vec64;
            type M = Mat;
            type C = Ctx;
            fn context(&self) -> &Ctx {
                &self.0.ctx
            }
            fn nstates(&self) -> usize {
                self.0.model.n()
            }
            #[allow(clippy::redundant_closure_call)]
            fn nout(&self) -> usize {
                ($nout)(self.0)
            }
            fn nparams(&self) -> usize {
                1
            }
        }
    };
}

view!(Rhs, |e: &Equations| e.model.n());
view!(Mass, |e: &Equations| e.model.n());
view!(Root, |e: &Equations| e.n_roots);
view!(Init, |e: &Equations| e.model.n());

impl NonLinearOp for Rhs<'_> {
    fn call_inplace(&self, x: &Vec64, t: f64, y: &mut Vec64) {
        let e = self.0;
        bump(&e.counters.rhs);
        e.model.env.time.set(t);
        let mut s = e.scratch.borrow_mut();
        let Scratch { y: ys, f, .. } = &mut *s;
        read(x, ys);
        e.model.residual(ys, f);
        // a non-finite residual (a Newton iterate outside the model's domain) must fail the
        // step, not poison the step-size control: make it huge, so the step is rejected and
        // retried smaller, down to diffsol's "step size too small" error
        for v in f.iter_mut() {
            if !v.is_finite() {
                *v = 1e100;
            }
        }
        write(y, f);
    }
}

impl NonLinearOpJacobian for Rhs<'_> {
    fn jac_mul_inplace(&self, x: &Vec64, t: f64, v: &Vec64, y: &mut Vec64) {
        let e = self.0;
        bump(&e.counters.jvp);
        e.model.env.time.set(t);
        let mut s = e.scratch.borrow_mut();
        let Scratch {
            y: ys, v: vs, f, ..
        } = &mut *s;
        read(x, ys);
        read(v, vs);
        e.model.jvp(ys, vs, f);
        write(y, f);
    }
    fn jacobian_inplace(&self, x: &Vec64, t: f64, y: &mut Mat) {
        bump(&self.0.counters.jacobians);
        self.0.coloring.jacobian_inplace(self, x, t, y);
    }
    fn jacobian_sparsity(&self) -> Option<Sparsity> {
        Some(self.0.jac_sparsity.clone())
    }
}

impl LinearOp for Mass<'_> {
    fn gemv_inplace(&self, x: &Vec64, _t: f64, beta: f64, y: &mut Vec64) {
        let d = &self.0.model.layout.differential;
        let xs = x.inner().col_as_slice(0);
        let ys = y.inner_mut().col_as_slice_mut(0);
        for i in 0..ys.len() {
            ys[i] = if d[i] {
                xs[i] + beta * ys[i]
            } else {
                beta * ys[i]
            };
        }
    }
    fn matrix_inplace(&self, _t: f64, y: &mut Mat) {
        let data = y.inner_mut()[0].val_mut();
        for (k, &m) in self.0.mass_map.iter().enumerate() {
            data[m] = self.0.mass_vals[k];
        }
    }
    fn sparsity(&self) -> Option<Sparsity> {
        Some(self.0.mass_sparsity.clone())
    }
}

impl NonLinearOp for Root<'_> {
    fn call_inplace(&self, x: &Vec64, t: f64, g: &mut Vec64) {
        let e = self.0;
        bump(&e.counters.roots);
        e.model.env.time.set(t);
        let mut s = e.scratch.borrow_mut();
        let Scratch { y: ys, g: gs, .. } = &mut *s;
        read(x, ys);
        gs.clear();
        // one pass over the kernels (when anything needs it) serves the voltage stops and the
        // model's events
        let stops = e.stops.borrow();
        if stops.needs_voltage() || e.model.has_events() {
            let v = e.model.vars(ys);
            stops.values_at(&e.model, ys, v.get(crate::model::Var::TerminalVoltage), gs);
            e.model.event_values_from(ys, &v, gs);
        } else {
            stops.values_at(&e.model, ys, 0.0, gs);
        }
        write(g, gs);
    }
}

impl ConstantOp for Init<'_> {
    fn call_inplace(&self, _t: f64, y: &mut Vec64) {
        write(y, &self.0.initial);
    }
}

impl<'a> OdeEquationsRef<'a> for Equations {
    type Rhs = Rhs<'a>;
    type Mass = Mass<'a>;
    type Root = Root<'a>;
    type Init = Init<'a>;
    type Out = UnitCallable<Mat>;
    type Reset = UnitCallable<Mat>;
}

impl OdeEquations for Equations {
    fn rhs(&self) -> Rhs<'_> {
        Rhs(self)
    }
    fn mass(&self) -> Option<Mass<'_>> {
        Some(Mass(self))
    }
    fn root(&self) -> Option<Root<'_>> {
        Some(Root(self))
    }
    fn init(&self) -> Init<'_> {
        Init(self)
    }
    fn set_params(&mut self, p: &Vec64) {
        self.p.copy_from(p);
    }
    fn get_params(&self, p: &mut Vec64) {
        p.copy_from(&self.p);
    }
}
