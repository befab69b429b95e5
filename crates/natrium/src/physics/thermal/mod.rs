//! Temperature of the cell as a quantity of the model ([`crate::model::Var::Temperature`]),
//! provided by one variant: `isothermal` today (the step's temperature); a lumped thermal model
//! would be another variant providing the same quantity from a heat balance.

pub mod isothermal;
