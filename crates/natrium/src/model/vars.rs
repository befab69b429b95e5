//! Quantities computed from the state by one submodel and used by others. Each submodel declares
//! which it provides and which it needs; assembly orders the submodels so that every need is met
//! before it is read, and rejects a model in which a need has no provider.

use crate::ad::Real;

/// Shared intermediate quantities (SI units).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(usize)]
pub enum Var {
    /// External current density [A/m²], positive on discharge.
    Current,
    /// Terminal voltage [V] (positive collector vs negative).
    TerminalVoltage,
    /// Electronic leakage current density through the separator [A/m²].
    LeakageCurrent,
    /// Ionic current density through the separator [A/m²] = external + leakage.
    IonicCurrent,
    /// Electrolyte potential at the negative interface [V] (negative metal/collector at 0 V).
    PhiNegative,
    /// Electrolyte potential at the separator | cathode boundary [V].
    PhiSeparatorCathode,
    /// Ohmic drop across the separator [V].
    SeparatorOhmic,
    /// Concentration overpotential across the separator [V].
    SeparatorConcentration,
    /// Total overpotential of the negative interface [V] (φ_metal − φ_e − 0).
    NegativeOverpotential,
    /// Real (electrochemically active) contact fraction of the negative interface [-].
    NegativeContact,
    /// Stack pressure [Pa].
    StackPressure,
    /// Sodium-metal thickness on the negative side [m].
    NegativeMetalThickness,
    /// Counter-electrode overpotential of symmetric/deposition cells [V].
    CounterOverpotential,
    /// Faradaic current density at the negative [A/m²], anodic (stripping) positive.
    FaradaicCurrent,
    /// Charge-transfer (double-layer) overpotential of the negative [V].
    ChargeTransferOverpotential,
    /// Constriction (spreading-resistance) overpotential of the negative [V].
    ConstrictionOverpotential,
    /// Coverage of the collector by sodium nuclei/deposit [-].
    Coverage,
    /// Smooth indicator that sodium metal is present on the negative [-].
    MetalPresence,
    /// Sodium diverted to reducing the collector's native oxide [mol/(m² s)].
    OxideFlux,
    /// Sodium stored in an alloying interlayer [mol/(m² s)] (negative when released).
    AlloyFlux,
    /// Sodium plated into collector pores [mol/(m² s)].
    PoreFlux,
    /// Sodium consumed by interphase growth [mol/(m² s)].
    InterphaseFlux,
    /// Sodium isolated (dead) by contact loss [mol/(m² s)].
    DeadFlux,
    /// Rate of cathode thickness change [m/s] (positive = swelling).
    CathodeSwellingRate,
}

/// Number of [`Var`] variants.
pub const N_VARS: usize = Var::CathodeSwellingRate as usize + 1;

/// Storage for all vars during one evaluation (on the stack, no allocation).
#[derive(Clone, Copy)]
pub struct Vars<T: Real> {
    v: [T; N_VARS],
}

impl<T: Real> Vars<T> {
    pub fn new() -> Self {
        Vars {
            v: [T::cst(f64::NAN); N_VARS],
        }
    }
    #[inline]
    pub fn get(&self, k: Var) -> T {
        self.v[k as usize]
    }
    #[inline]
    pub fn set(&mut self, k: Var, x: T) {
        self.v[k as usize] = x;
    }
}

impl<T: Real> Default for Vars<T> {
    fn default() -> Self {
        Self::new()
    }
}
