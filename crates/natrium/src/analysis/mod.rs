//! Analyses built on the cell model: energy forecast, Table 1 re-forecast, critical current
//! density.

pub mod ccd;
pub mod forecast;
pub mod table1;

pub use ccd::{ccd, ccd_map, CcdError, CcdMap, CcdOptions, CcdResult, Criterion};
pub use forecast::{forecast, CellForecast, CompareOptions, Forecast, ForecastError, LayerBudget};
