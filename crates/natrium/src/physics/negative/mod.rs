//! The negative side: the anode-free interface, one folder per phenomenon and one file per
//! variant (nucleation, charge transfer with its double layer, constriction, contact with its
//! voids and creep, the inventory and every reservoir that takes sodium from it, filaments
//! through the separator), the simple sodium-metal electrode (and its ideal limit) and the
//! counter electrode of half cells. [`recipe::interface_submodels`] assembles the interface
//! from a cell design; [`registry`] lists every phenomenon, variant and option.

pub mod constriction;
pub mod contact;
pub mod counter;
pub mod creep_law;
pub mod dendrite;
pub mod fluctuation;
pub mod interphase;
pub mod inventory;
pub mod isolation;
pub mod kernels;
pub mod kinetics;
pub mod metal;
pub mod none;
pub mod nucleation;
pub mod oxide;
pub mod pores;
pub mod preparation;
pub mod recipe;
pub mod registry;
pub mod resolve;
pub mod storage;

pub use recipe::interface_submodels;
