//! Charge transfer at the negative interface: one variant, the double layer with
//! Butler–Volmer kinetics on the active area (`double_layer.rs`).

pub mod double_layer;

pub use double_layer::Kinetics;
