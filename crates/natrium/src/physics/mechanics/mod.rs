//! Mechanics of the stack: pressure held by the fixture or built up by swelling.

pub mod pressure;
