//! Analyses built on the cell model: energy forecast, Table 1 re-forecast.

pub mod forecast;
pub mod table1;

pub use forecast::{forecast, CellForecast, CompareOptions, Forecast, ForecastError, LayerBudget};
