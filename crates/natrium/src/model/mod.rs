//! Model assembly: submodels (one per phenomenon and variant) declare states, provided and needed
//! quantities, outputs, events and citations; [`CellModel`] orders and combines them over one
//! state vector with a detected sparse Jacobian pattern.

mod build;
pub mod cell_model;
pub mod env;
pub mod layout;
pub mod options;
pub mod params;
pub mod submodel;
pub mod vars;

pub use build::{build_model, BuildError};
pub use cell_model::{AssemblyError, CellModel, CoreIndex};
pub use env::{Env, Mode};
pub use layout::{Kind, Layout, LayoutBuilder};
pub use options::ModelOptions;
pub use params::{Param, ParamLog};
pub use submodel::{
    Citation, Describe, Drive, Electrode, EventDecl, EventKind, Info, Kernel, OutputDecl, Submodel,
};
pub use vars::{Var, Vars};
