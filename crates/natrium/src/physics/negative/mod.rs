//! The negative side: the anode-free interface (nucleation, charge transfer with its double
//! layer, constriction, contact voids and creep, inventory and its losses, dendrites), the
//! simple sodium-metal electrode (and its ideal limit) and the counter electrodes of half cells.

pub mod alloy;
pub mod contact;
pub mod counter;
pub mod dead;
pub mod dendrite;
pub mod fluctuation;
pub mod interphase;
pub mod inventory;
pub mod kernels;
pub mod kinetics;
pub mod metal;
pub mod none;
pub mod nucleation;
pub mod oxide;
pub mod pores;
