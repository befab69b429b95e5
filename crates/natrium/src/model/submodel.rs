//! The submodel interface. A submodel is one variant of one phenomenon ("cathode/diffusion",
//! "negative/nucleation" …): it declares its state blocks, the shared quantities ([`Var`]) it
//! provides and needs, its outputs and events, and the publications its equations come from. Its
//! equations are written once, generic over the scalar ([`Kernel`]); the blanket implementation
//! turns them into the object-safe [`Submodel`] used by assembly.

use crate::ad::{Dual64, Real};
use crate::model::env::Env;
use crate::model::layout::LayoutBuilder;
use crate::model::vars::{Var, Vars};

/// A publication a submodel's equations come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub key: &'static str,
    pub text: &'static str,
}

/// Description of a submodel.
#[derive(Debug, Clone, PartialEq)]
pub struct Info {
    /// Phenomenon, e.g. "cathode/kinetics".
    pub phenomenon: &'static str,
    /// Variant, e.g. "butler-volmer" or "none".
    pub variant: &'static str,
    pub citations: Vec<Citation>,
}

/// An output column a submodel contributes: quantity name, unit, and its SI→unit factor.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputDecl {
    pub quantity: &'static str,
    pub unit: &'static str,
    pub description: &'static str,
}

/// The electrodes of a cell as events and run endings name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Electrode {
    /// The `[negative]` side: the collector (and its plated sodium) of an anode-free or
    /// deposition cell, the sodium foil of a Na-metal cell, one foil of a symmetric cell.
    Working,
    /// The Na counter electrode of a half cell.
    Counter,
}

impl Electrode {
    pub fn as_str(self) -> &'static str {
        match self {
            Electrode::Working => "working",
            Electrode::Counter => "counter",
        }
    }
}

/// What a model event means; the runner decides from it which steps it may end and whether it
/// ends the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(tag = "kind", content = "electrode", rename_all = "kebab-case")]
pub enum EventKind {
    /// The sodium an electrode can strip is used up. It can only happen while that electrode is
    /// stripped, so it is ignored in steps that plate it or rest: on the working electrode it
    /// ends the step (the next plating nucleates again); on the counter electrode it ends the
    /// run (nothing can supply the working electrode any more).
    SodiumDepleted(Electrode),
    /// A sodium filament grown from this electrode crossed the separator: ends the run.
    ShortCircuit(Electrode),
}

impl EventKind {
    /// Short name, e.g. "sodium depleted".
    pub fn name(self) -> &'static str {
        match self {
            EventKind::SodiumDepleted(Electrode::Working) => "sodium depleted",
            EventKind::SodiumDepleted(Electrode::Counter) => "counter sodium depleted",
            EventKind::ShortCircuit(_) => "short circuit",
        }
    }
    /// Whether reaching it ends the run rather than the step.
    pub fn terminal(self) -> bool {
        !matches!(self, EventKind::SodiumDepleted(Electrode::Working))
    }
    /// Whether the event can end a step that drives sodium in `drive` direction at the working
    /// electrode (`None`: open circuit or a hold whose direction is not known).
    pub fn applies(self, drive: Option<Drive>) -> bool {
        match self {
            EventKind::ShortCircuit(_) => true,
            EventKind::SodiumDepleted(Electrode::Working) => drive == Some(Drive::Strip),
            EventKind::SodiumDepleted(Electrode::Counter) => drive == Some(Drive::Plate),
        }
    }
}

/// Direction in which a step drives sodium at the working electrode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drive {
    /// Sodium is deposited on the working electrode (charge of a full cell, plating).
    Plate,
    /// Sodium is removed from it (discharge, stripping).
    Strip,
}

/// A model event (root function) a submodel contributes.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDecl {
    pub kind: EventKind,
    /// What it means when the function crosses zero.
    pub description: &'static str,
}

impl EventDecl {
    pub fn name(&self) -> &'static str {
        self.kind.name()
    }
    /// Whether reaching it ends the run (short circuit) rather than the step.
    pub fn terminal(&self) -> bool {
        self.kind.terminal()
    }
}

/// Equations written once for any scalar.
pub trait Kernel {
    /// Compute the provided vars from the state (and vars already computed).
    fn compute<T: Real>(&self, _y: &[T], _v: &mut Vars<T>, _env: &Env) {}
    /// Write this submodel's residual rows: dy/dt for differential rows, g(y) = 0 for algebraic.
    fn residual<T: Real>(&self, y: &[T], v: &Vars<T>, env: &Env, f: &mut [T]);
}

/// The object-safe face of a submodel.
pub trait Submodel: Send {
    fn info(&self) -> Info;
    fn provides(&self) -> Vec<Var> {
        Vec::new()
    }
    /// Quantities read while computing the provided ones: their providers are evaluated first.
    fn needs(&self) -> Vec<Var> {
        Vec::new()
    }
    /// Quantities read only in the residual (after every submodel has computed): they must have
    /// a provider, but impose no order.
    fn residual_needs(&self) -> Vec<Var> {
        Vec::new()
    }
    /// Register state blocks.
    fn declare(&mut self, b: &mut LayoutBuilder);
    /// Initial values of its states (algebraic ones are a first guess).
    fn init(&self, _y: &mut [f64], _env: &Env) {}
    fn compute_f64(&self, y: &[f64], v: &mut Vars<f64>, env: &Env);
    fn compute_dual(&self, y: &[Dual64], v: &mut Vars<Dual64>, env: &Env);
    fn residual_f64(&self, y: &[f64], v: &Vars<f64>, env: &Env, f: &mut [f64]);
    fn residual_dual(&self, y: &[Dual64], v: &Vars<Dual64>, env: &Env, f: &mut [Dual64]);
    /// Output columns.
    fn outputs(&self) -> Vec<OutputDecl> {
        Vec::new()
    }
    /// Values of the output columns, in display units, appended to `out`.
    fn write_outputs(&self, _y: &[f64], _v: &Vars<f64>, _env: &Env, _out: &mut Vec<f64>) {}
    /// Model events.
    fn events(&self) -> Vec<EventDecl> {
        Vec::new()
    }
    /// Values of the event functions, appended to `g`.
    fn event_values(&self, _y: &[f64], _v: &Vars<f64>, _env: &Env, _g: &mut Vec<f64>) {}
    /// Sodium held by this submodel's states [mol/m²] (for the inventory check).
    fn sodium(&self, _y: &[f64]) -> f64 {
        0.0
    }
    /// Apply a discrete change at a step boundary (e.g. re-nucleation once all Na is stripped).
    /// Returns a note for the log when something changed.
    fn on_step_boundary(&self, _y: &mut [f64], _v: &Vars<f64>, _env: &Env) -> Option<String> {
        None
    }
    /// Random discrete events (e.g. local delamination): candidate rate [1/s] and seed of the
    /// seeded Poisson process the runner draws; `None` for deterministic submodels.
    fn jumps(&self) -> Option<(f64, u64)> {
        None
    }
    /// Apply a random event at a candidate time with uniform draws `u` ∈ [0, 1)²; the submodel
    /// may decline (thinning). Returns a note when something changed.
    fn jump(&self, _y: &mut [f64], _v: &Vars<f64>, _env: &Env, _u: [f64; 2]) -> Option<String> {
        None
    }
    /// Downcast support for tests and analyses.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// Per-submodel metadata the blanket implementation needs.
pub trait Describe: Send + 'static {
    fn info(&self) -> Info;
    fn provides(&self) -> Vec<Var> {
        Vec::new()
    }
    fn needs(&self) -> Vec<Var> {
        Vec::new()
    }
    fn residual_needs(&self) -> Vec<Var> {
        Vec::new()
    }
    fn declare(&mut self, b: &mut LayoutBuilder);
    fn init(&self, _y: &mut [f64], _env: &Env) {}
    fn outputs(&self) -> Vec<OutputDecl> {
        Vec::new()
    }
    fn write_outputs(&self, _y: &[f64], _v: &Vars<f64>, _env: &Env, _out: &mut Vec<f64>) {}
    fn events(&self) -> Vec<EventDecl> {
        Vec::new()
    }
    fn event_values(&self, _y: &[f64], _v: &Vars<f64>, _env: &Env, _g: &mut Vec<f64>) {}
    fn sodium(&self, _y: &[f64]) -> f64 {
        0.0
    }
    fn on_step_boundary(&self, _y: &mut [f64], _v: &Vars<f64>, _env: &Env) -> Option<String> {
        None
    }
    fn jumps(&self) -> Option<(f64, u64)> {
        None
    }
    fn jump(&self, _y: &mut [f64], _v: &Vars<f64>, _env: &Env, _u: [f64; 2]) -> Option<String> {
        None
    }
}

impl<K: Kernel + Describe> Submodel for K {
    fn info(&self) -> Info {
        Describe::info(self)
    }
    fn provides(&self) -> Vec<Var> {
        Describe::provides(self)
    }
    fn needs(&self) -> Vec<Var> {
        Describe::needs(self)
    }
    fn residual_needs(&self) -> Vec<Var> {
        Describe::residual_needs(self)
    }
    fn declare(&mut self, b: &mut LayoutBuilder) {
        Describe::declare(self, b)
    }
    fn init(&self, y: &mut [f64], env: &Env) {
        Describe::init(self, y, env)
    }
    fn compute_f64(&self, y: &[f64], v: &mut Vars<f64>, env: &Env) {
        self.compute(y, v, env)
    }
    fn compute_dual(&self, y: &[Dual64], v: &mut Vars<Dual64>, env: &Env) {
        self.compute(y, v, env)
    }
    fn residual_f64(&self, y: &[f64], v: &Vars<f64>, env: &Env, f: &mut [f64]) {
        self.residual(y, v, env, f)
    }
    fn residual_dual(&self, y: &[Dual64], v: &Vars<Dual64>, env: &Env, f: &mut [Dual64]) {
        self.residual(y, v, env, f)
    }
    fn outputs(&self) -> Vec<OutputDecl> {
        Describe::outputs(self)
    }
    fn write_outputs(&self, y: &[f64], v: &Vars<f64>, env: &Env, out: &mut Vec<f64>) {
        Describe::write_outputs(self, y, v, env, out)
    }
    fn events(&self) -> Vec<EventDecl> {
        Describe::events(self)
    }
    fn event_values(&self, y: &[f64], v: &Vars<f64>, env: &Env, g: &mut Vec<f64>) {
        Describe::event_values(self, y, v, env, g)
    }
    fn sodium(&self, y: &[f64]) -> f64 {
        Describe::sodium(self, y)
    }
    fn on_step_boundary(&self, y: &mut [f64], v: &Vars<f64>, env: &Env) -> Option<String> {
        Describe::on_step_boundary(self, y, v, env)
    }
    fn jumps(&self) -> Option<(f64, u64)> {
        Describe::jumps(self)
    }
    fn jump(&self, y: &mut [f64], v: &Vars<f64>, env: &Env, u: [f64; 2]) -> Option<String> {
        Describe::jump(self, y, v, env, u)
    }
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Dispatch of the generic evaluation to the f64 or dual entry points.
pub trait Scalar: Real {
    fn compute(sm: &dyn Submodel, y: &[Self], v: &mut Vars<Self>, env: &Env);
    fn residual(sm: &dyn Submodel, y: &[Self], v: &Vars<Self>, env: &Env, f: &mut [Self]);
}

impl Scalar for f64 {
    #[inline]
    fn compute(sm: &dyn Submodel, y: &[f64], v: &mut Vars<f64>, env: &Env) {
        sm.compute_f64(y, v, env)
    }
    #[inline]
    fn residual(sm: &dyn Submodel, y: &[f64], v: &Vars<f64>, env: &Env, f: &mut [f64]) {
        sm.residual_f64(y, v, env, f)
    }
}

impl Scalar for Dual64 {
    #[inline]
    fn compute(sm: &dyn Submodel, y: &[Dual64], v: &mut Vars<Dual64>, env: &Env) {
        sm.compute_dual(y, v, env)
    }
    #[inline]
    fn residual(sm: &dyn Submodel, y: &[Dual64], v: &Vars<Dual64>, env: &Env, f: &mut [Dual64]) {
        sm.residual_dual(y, v, env, f)
    }
}
