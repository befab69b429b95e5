//! Potential fluctuations on the steady part of plating: `none` or `delamination` (random local
//! loss of contact, a seeded Poisson process riding on the contact model).

pub mod delamination;

pub use delamination::Delamination;
