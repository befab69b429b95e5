//! Cathode composite: particle diffusion, open-circuit potential, charge-transfer kinetics, the
//! effective transport of the composite, and its P2D and single-particle assemblies.

pub mod diffusion;
pub mod kinetics;
pub mod ocv;
pub mod p2d;
pub mod params;
pub mod spm;
