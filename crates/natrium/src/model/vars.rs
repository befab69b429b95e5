//! Quantities computed from the state by one submodel and used by others. Each submodel declares
//! which it provides and which it needs; assembly orders the submodels so that every need is met
//! before it is read, and rejects a model in which a need has no provider.

use crate::ad::Real;

/// Shared intermediate quantities (SI units).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(usize)]
pub enum Var {
    /// Temperature of the cell [K] (isothermal: the step's temperature).
    Temperature,
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
    /// Rate of change of the contact fraction [1/s] (for the sodium it strands or reconnects).
    ContactRate,
    /// Area-specific resistance of the electrolyte's surface film in series on the contacts
    /// [Ω·m²] per unit of contacted area.
    FilmResistance,
    /// Area-specific resistance of the reduction interphase [Ω·m²] per unit of contacted area.
    InterphaseResistance,
    /// Stack pressure [Pa].
    StackPressure,
    /// Sodium-metal thickness on the negative side [m].
    NegativeMetalThickness,
    /// Counter-electrode overpotential of symmetric/deposition cells [V].
    CounterOverpotential,
    /// Contact fraction of the counter electrode of a half cell [-].
    CounterContact,
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
    /// Sodium taken up by an interlayer (carbon, alloy) [mol/(m² s)] (negative when released).
    StorageFlux,
    /// Sodium plated into collector pores [mol/(m² s)].
    PoreFlux,
    /// Sodium consumed by interphase growth [mol/(m² s)].
    InterphaseFlux,
    /// Sodium stranded by contact loss (positive) or reconnected (negative) [mol/(m² s)].
    IsolationFlux,
    /// Rate of cathode thickness change [m/s] (positive = swelling).
    CathodeSwellingRate,
}

impl Var {
    /// Every variant, in discriminant order.
    pub const ALL: [Var; 29] = [
        Var::Temperature,
        Var::Current,
        Var::TerminalVoltage,
        Var::LeakageCurrent,
        Var::IonicCurrent,
        Var::PhiNegative,
        Var::PhiSeparatorCathode,
        Var::SeparatorOhmic,
        Var::SeparatorConcentration,
        Var::NegativeOverpotential,
        Var::NegativeContact,
        Var::ContactRate,
        Var::FilmResistance,
        Var::InterphaseResistance,
        Var::StackPressure,
        Var::NegativeMetalThickness,
        Var::CounterOverpotential,
        Var::CounterContact,
        Var::FaradaicCurrent,
        Var::ChargeTransferOverpotential,
        Var::ConstrictionOverpotential,
        Var::Coverage,
        Var::MetalPresence,
        Var::OxideFlux,
        Var::StorageFlux,
        Var::PoreFlux,
        Var::InterphaseFlux,
        Var::IsolationFlux,
        Var::CathodeSwellingRate,
    ];

    /// Sodium sinks of the connected metal: fluxes that move plated sodium into a side
    /// reservoir (the inventory subtracts every one of them). An interlayer's storage is not
    /// one: it takes its sodium from the ionic current directly, at its own potential.
    pub const SODIUM_SINKS: [Var; 4] = [
        Var::OxideFlux,
        Var::PoreFlux,
        Var::InterphaseFlux,
        Var::IsolationFlux,
    ];
}

/// Number of [`Var`] variants.
pub const N_VARS: usize = Var::ALL.len();

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
    /// The temperature as a plain number [K] (the laws that read it take f64).
    #[inline]
    pub fn temperature(&self) -> f64 {
        self.v[Var::Temperature as usize].re()
    }
}

impl<T: Real> Default for Vars<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_of_vars_is_complete_and_in_order() {
        for (i, v) in Var::ALL.iter().enumerate() {
            assert_eq!(*v as usize, i, "{v:?}");
        }
        // the last discriminant closes the list (a variant added after it would fail here)
        assert_eq!(Var::CathodeSwellingRate as usize + 1, N_VARS);
    }
}
