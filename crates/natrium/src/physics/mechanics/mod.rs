//! Mechanics of the stack and of the sodium: the creep law of the metal (one law for every
//! use) and the pressure held by the fixture or built up by swelling.

pub mod creep;
pub mod pressure;
