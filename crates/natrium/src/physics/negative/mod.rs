//! The negative side: sodium-metal electrode (and its ideal limit), counter electrodes of half
//! cells, and the anode-free interface submodels.

pub mod metal;
