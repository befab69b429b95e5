//! Sodium plated into the open pores of the collector and trapped there: `trapping` or `none`.

pub mod trapping;

pub use trapping::PoreTrapping;
