//! The assembled model: submodels in dependency order over one state vector.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::ad::Dual64;
use crate::model::env::Env;
use crate::model::layout::{Layout, LayoutBuilder};
use crate::model::submodel::{Citation, EventDecl, Info, OutputDecl, Scalar, Submodel};
use crate::model::vars::{Var, Vars};

/// Problems found while assembling submodels.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AssemblyError {
    #[error("{needer} needs {var:?}, which no submodel provides")]
    Unprovided { needer: String, var: Var },
    #[error("{var:?} is provided by both {a} and {b}")]
    Duplicate { var: Var, a: String, b: String },
    #[error("the submodels' needs form a cycle among: {0}")]
    Cycle(String),
}

/// Indices of states every model has (from the control submodel).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoreIndex {
    /// External current density [A/m²] (algebraic).
    pub current: usize,
    /// Charge passed per area [C/m²] (differential, dQ/dt = I).
    pub charge: usize,
    /// Energy delivered per area [J/m²] (differential, dE/dt = I·V).
    pub energy: usize,
}

/// An assembled cell model.
pub struct CellModel {
    pub layout: Layout,
    submodels: Vec<Box<dyn Submodel>>,
    pub env: Env,
    pub core: CoreIndex,
    pattern: Vec<(usize, usize)>,
    outputs: Vec<(usize, OutputDecl)>,
    events: Vec<(usize, EventDecl)>,
    /// Initial state (algebraic entries are a first guess).
    pub y0: Vec<f64>,
    scratch: RefCell<(Vec<Dual64>, Vec<Dual64>)>,
}

impl std::fmt::Debug for CellModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CellModel")
            .field("n", &self.layout.n)
            .field("submodels", &self.infos())
            .finish()
    }
}

fn label(i: &Info) -> String {
    format!("{} ({})", i.phenomenon, i.variant)
}

/// Order submodels so that every var is computed before it is needed (Kahn's algorithm).
fn order(subs: &[Box<dyn Submodel>]) -> Result<Vec<usize>, AssemblyError> {
    let mut provider: BTreeMap<Var, usize> = BTreeMap::new();
    for (k, s) in subs.iter().enumerate() {
        for v in s.provides() {
            if let Some(&other) = provider.get(&v) {
                return Err(AssemblyError::Duplicate {
                    var: v,
                    a: label(&subs[other].info()),
                    b: label(&s.info()),
                });
            }
            provider.insert(v, k);
        }
    }
    let n = subs.len();
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, s) in subs.iter().enumerate() {
        for v in s.needs() {
            match provider.get(&v) {
                Some(&p) if p != k => deps[k].push(p),
                Some(_) => {}
                None => {
                    return Err(AssemblyError::Unprovided {
                        needer: label(&s.info()),
                        var: v,
                    })
                }
            }
        }
        if let Some(v) = s
            .residual_needs()
            .into_iter()
            .find(|v| !provider.contains_key(v))
        {
            return Err(AssemblyError::Unprovided {
                needer: label(&s.info()),
                var: v,
            });
        }
    }
    let mut done = vec![false; n];
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        // lowest index whose deps are done: deterministic order
        let next = (0..n).find(|&k| !done[k] && deps[k].iter().all(|&d| done[d]));
        match next {
            Some(k) => {
                done[k] = true;
                out.push(k);
            }
            None => {
                let left: Vec<String> = (0..n)
                    .filter(|&k| !done[k])
                    .map(|k| label(&subs[k].info()))
                    .collect();
                return Err(AssemblyError::Cycle(left.join(", ")));
            }
        }
    }
    Ok(out)
}

impl CellModel {
    /// Assemble submodels: order them, lay out the state vector, collect outputs/events, set the
    /// initial state and detect the Jacobian's sparsity.
    pub fn assemble(
        mut subs: Vec<Box<dyn Submodel>>,
        env: Env,
        core_of: impl Fn(&Layout) -> CoreIndex,
    ) -> Result<CellModel, AssemblyError> {
        let ord = order(&subs)?;
        let mut ordered: Vec<Box<dyn Submodel>> = Vec::with_capacity(subs.len());
        // move out in order
        let mut slots: Vec<Option<Box<dyn Submodel>>> = subs.drain(..).map(Some).collect();
        for k in ord {
            if let Some(s) = slots[k].take() {
                ordered.push(s);
            }
        }
        let mut b = LayoutBuilder::default();
        for s in ordered.iter_mut() {
            s.declare(&mut b);
        }
        let layout = b.finish();
        let mut y0 = vec![0.0; layout.n];
        for s in &ordered {
            s.init(&mut y0, &env);
        }
        let outputs = ordered
            .iter()
            .enumerate()
            .flat_map(|(k, s)| s.outputs().into_iter().map(move |o| (k, o)))
            .collect();
        let events = ordered
            .iter()
            .enumerate()
            .flat_map(|(k, s)| s.events().into_iter().map(move |e| (k, e)))
            .collect();
        let n = layout.n;
        let core = core_of(&layout);
        let mut m = CellModel {
            layout,
            submodels: ordered,
            env,
            core,
            pattern: Vec::new(),
            outputs,
            events,
            y0,
            scratch: RefCell::new((vec![Dual64::from(0.0); n], vec![Dual64::from(0.0); n])),
        };
        m.pattern = m.detect_pattern();
        Ok(m)
    }

    pub fn n(&self) -> usize {
        self.layout.n
    }

    /// Residual: dy/dt on differential rows, constraint value on algebraic rows.
    pub fn residual<T: Scalar>(&self, y: &[T], f: &mut [T]) {
        let mut v = Vars::<T>::new();
        for s in &self.submodels {
            T::compute(s.as_ref(), y, &mut v, &self.env);
        }
        for s in &self.submodels {
            T::residual(s.as_ref(), y, &v, &self.env, f);
        }
    }

    /// Vars with their directional derivatives along `dir` (diagnostics and tests).
    pub fn vars_dual(&self, y: &[f64], dir: &[f64]) -> Vars<Dual64> {
        let yd: Vec<Dual64> = y
            .iter()
            .zip(dir)
            .map(|(a, b)| Dual64::new(*a, *b))
            .collect();
        let mut v = Vars::<Dual64>::new();
        for s in &self.submodels {
            s.compute_dual(&yd, &mut v, &self.env);
        }
        v
    }

    /// Vars at a state.
    pub fn vars(&self, y: &[f64]) -> Vars<f64> {
        let mut v = Vars::<f64>::new();
        for s in &self.submodels {
            s.compute_f64(y, &mut v, &self.env);
        }
        v
    }

    /// Exact Jacobian-vector product J(y)·dir by forward-mode dual numbers.
    pub fn jvp(&self, y: &[f64], dir: &[f64], out: &mut [f64]) {
        let mut s = self.scratch.borrow_mut();
        let (yd, fd) = &mut *s;
        for i in 0..y.len() {
            yd[i] = Dual64::new(y[i], dir[i]);
        }
        self.residual(yd, fd);
        for i in 0..out.len() {
            out[i] = fd[i].eps;
        }
    }

    /// Structural sparsity by NaN propagation: a NaN in state j makes every residual that
    /// depends on it NaN (0·NaN = NaN, so it holds whatever the parameter values). The pattern
    /// is the union over both control modes (current and voltage), whose residuals couple
    /// different states; the diagonal is always included.
    fn detect_pattern(&self) -> Vec<(usize, usize)> {
        use crate::model::env::Mode;
        let n = self.n();
        let mut y = self.y0.clone();
        let mut f = vec![0.0; n];
        let mut pat = Vec::new();
        let saved = self.env.mode.get();
        for j in 0..n {
            let keep = y[j];
            y[j] = f64::NAN;
            let mut hit = vec![false; n];
            hit[j] = true;
            for mode in [Mode::Current(0.0), Mode::Voltage(3.0)] {
                self.env.mode.set(mode);
                self.residual(&y, &mut f);
                for (i, fi) in f.iter().enumerate() {
                    hit[i] |= fi.is_nan();
                }
            }
            pat.extend(hit.iter().enumerate().filter(|h| *h.1).map(|(i, _)| (i, j)));
            y[j] = keep;
        }
        self.env.mode.set(saved);
        pat
    }

    /// The Jacobian pattern (row, column), column-major order.
    pub fn pattern(&self) -> &[(usize, usize)] {
        &self.pattern
    }

    /// Submodel descriptions in evaluation order.
    /// The submodels that read a quantity they do not declare, at state `y`: each one is
    /// evaluated with only its declared needs set (every other quantity NaN); what it provides
    /// must come out finite, and so must its residual rows once its residual needs are added.
    /// Empty when every `needs()`/`residual_needs()` is complete.
    pub fn undeclared_reads(&self, y: &[f64]) -> Vec<String> {
        let full = self.vars(y);
        let mut bad = Vec::new();
        for s in &self.submodels {
            let mut v = Vars::<f64>::new();
            for k in s.needs() {
                v.set(k, full.get(k));
            }
            s.compute_f64(y, &mut v, &self.env);
            let missing: Vec<Var> = s
                .provides()
                .into_iter()
                .filter(|k| !v.get(*k).is_finite())
                .collect();
            for k in s.residual_needs() {
                v.set(k, full.get(k));
            }
            let mut f = vec![0.0; self.n()];
            s.residual_f64(y, &v, &self.env, &mut f);
            let rows = f.iter().filter(|x| !x.is_finite()).count();
            if !missing.is_empty() || rows > 0 {
                bad.push(format!(
                    "{}: provides {missing:?} as NaN, {rows} residual rows NaN",
                    label(&s.info())
                ));
            }
        }
        bad
    }

    /// Whether some submodel provides `var`.
    pub fn provides(&self, var: Var) -> bool {
        self.submodels.iter().any(|s| s.provides().contains(&var))
    }

    pub fn infos(&self) -> Vec<Info> {
        self.submodels.iter().map(|s| s.info()).collect()
    }

    /// All citations, deduplicated by key.
    pub fn citations(&self) -> Vec<Citation> {
        let mut seen = BTreeMap::new();
        for i in self.infos() {
            for c in i.citations {
                seen.entry(c.key).or_insert(c);
            }
        }
        seen.into_values().collect()
    }

    /// Output column declarations (after the core columns the runner adds).
    pub fn output_decls(&self) -> Vec<OutputDecl> {
        self.outputs.iter().map(|(_, o)| o.clone()).collect()
    }

    /// Output values at a state, in the order of [`CellModel::output_decls`].
    pub fn write_outputs(&self, y: &[f64], out: &mut Vec<f64>) {
        let v = self.vars(y);
        for s in &self.submodels {
            s.write_outputs(y, &v, &self.env, out);
        }
    }

    /// Whether the model has events.
    pub fn has_events(&self) -> bool {
        !self.events.is_empty()
    }

    /// Model events (root functions beyond those of the protocol step).
    pub fn event_decls(&self) -> Vec<EventDecl> {
        self.events.iter().map(|(_, e)| e.clone()).collect()
    }

    /// Values of the model events at a state.
    pub fn event_values(&self, y: &[f64], g: &mut Vec<f64>) {
        if self.events.is_empty() {
            return;
        }
        let v = self.vars(y);
        self.event_values_from(y, &v, g);
    }

    /// Event functions given the variables of `y` (computed by the caller).
    pub fn event_values_from(&self, y: &[f64], v: &Vars<f64>, g: &mut Vec<f64>) {
        for s in &self.submodels {
            s.event_values(y, v, &self.env, g);
        }
    }

    /// Sodium inventory held in the states of every submodel [mol/m²].
    pub fn sodium(&self, y: &[f64]) -> f64 {
        self.submodels.iter().map(|s| s.sodium(y)).sum()
    }

    /// Sodium by submodel (phenomenon → mol/m²).
    pub fn sodium_by_part(&self, y: &[f64]) -> Vec<(&'static str, f64)> {
        self.submodels
            .iter()
            .map(|s| (s.info().phenomenon, s.sodium(y)))
            .filter(|(_, n)| *n != 0.0)
            .collect()
    }

    /// Discrete changes at a step boundary; returns notes of what changed.
    pub fn step_boundary(&self, y: &mut [f64]) -> Vec<String> {
        let v = self.vars(y);
        let mut notes = Vec::new();
        for s in &self.submodels {
            if let Some(n) = s.on_step_boundary(y, &v, &self.env) {
                notes.push(n);
            }
        }
        notes
    }

    /// The seeded random-event process of the model: total candidate rate [1/s] and the seed
    /// (of the first submodel that has one); `None` when the model is deterministic.
    pub fn jump_process(&self) -> Option<(f64, u64)> {
        let mut out: Option<(f64, u64)> = None;
        for s in &self.submodels {
            if let Some((rate, seed)) = s.jumps() {
                out = Some(match out {
                    None => (rate, seed),
                    Some((r, sd)) => (r + rate, sd),
                });
            }
        }
        out.filter(|(r, _)| *r > 0.0)
    }

    /// Offer a random event to the submodels that have one: `u[0]` picks the submodel in
    /// proportion to its rate, `u[1]` is passed on as the event's own draw.
    pub fn jump(&self, y: &mut [f64], u: [f64; 2]) -> Option<String> {
        let (total, _) = self.jump_process()?;
        let v = self.vars(y);
        let mut acc = 0.0;
        for s in &self.submodels {
            if let Some((rate, _)) = s.jumps() {
                acc += rate / total;
                if u[0] < acc {
                    return s.jump(y, &v, &self.env, [u[1], u[0] / acc]);
                }
            }
        }
        None
    }

    /// Find a submodel of a concrete type.
    pub fn find<S: 'static>(&self) -> Option<&S> {
        self.submodels
            .iter()
            .find_map(|s| s.as_any().downcast_ref::<S>())
    }
}
