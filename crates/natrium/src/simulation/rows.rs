//! The time-series schema and rows: the runner's core columns, then every submodel's outputs.

use super::Simulation;
use crate::constants::{FARADAY, ZERO_CELSIUS};
use crate::model::{CellModel, Var};
use crate::output::{Column, RunMetadata, Schema};
use serde_json::json;

/// The core output columns written before the model's own.
fn core_columns(half_cell: bool) -> Vec<Column> {
    vec![
        Column::new("time", "s", "time since the start of the experiment"),
        Column::count(
            "cycle",
            "cycle number (a cycle starts with a charge that follows a discharge)",
        ),
        Column::count("step", "protocol step number (expanded, from 1)"),
        Column::new(
            "voltage",
            "V",
            if half_cell {
                "working-electrode potential vs the Na counter electrode"
            } else {
                "cell voltage"
            },
        ),
        Column::new("current", "mA", "external current, positive on discharge"),
        Column::new("temperature", "degC", "temperature of the step"),
        Column::new(
            "external pressure",
            "MPa",
            "stack pressure applied by the fixture",
        ),
        Column::new(
            "total sodium",
            "mAh/cm^2",
            "all sodium in the model, cathode and negative side (conserved)",
        ),
    ]
}

impl Simulation {
    /// Output schema of the time series.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    pub(crate) fn build_schema(&self) -> Schema {
        let mut cols = core_columns(!self.cell.kind.is_full_cell());
        for d in self.model().output_decls() {
            cols.push(Column::new(d.quantity, d.unit, d.description));
        }
        Schema::new(cols)
    }

    /// One row of the time series at time `t` from state `y` into `out`.
    #[allow(clippy::too_many_arguments)] // one row: every argument is a column source
    pub(super) fn row(
        &self,
        model: &CellModel,
        t: f64,
        step: u64,
        cycle: u32,
        y: &[f64],
        vsign: f64,
        out: &mut Vec<f64>,
    ) {
        out.clear();
        let v = model.vars(y);
        out.push(t);
        out.push(cycle as f64);
        out.push(step as f64);
        out.push(vsign * v.get(Var::TerminalVoltage));
        out.push(y[model.core.current] * self.cell.area * 1e3);
        out.push(model.env.t() - ZERO_CELSIUS);
        out.push(model.env.pressure.get() / 1e6);
        out.push(model.sodium(y) * FARADAY / 36_000.0);
        model.write_outputs(y, out);
    }

    /// Per-cycle extra columns: sodium held by each part of the model.
    pub(super) fn cycle_extras(&self, model: &CellModel, y: &[f64]) -> Vec<(String, f64)> {
        model
            .sodium_by_part(y)
            .into_iter()
            .map(|(part, n)| (format!("Na in {part} [mAh/cm^2]"), n * FARADAY / 36_000.0))
            .collect()
    }
}

impl Simulation {
    /// The part of the metadata that does not depend on the run: cell, parameters with their
    /// basis, citations, submodels, tolerances and mesh.
    pub(crate) fn build_base_metadata(&self) -> RunMetadata {
        let mut m = RunMetadata::new(self.run_opts.command.clone());
        for c in self.model().citations() {
            m.cite(c.key, c.text);
        }
        m.cite("skundin2025", "A. M. Skundin, T. L. Kulova, Batteries 11 (2025) 292 (review; materials data and validation targets)");
        for i in self.model().infos() {
            m.submodel(i.phenomenon, i.variant);
        }
        let params: Vec<serde_json::Value> = self
            .params
            .params
            .iter()
            .map(|p| json!({ "name": p.name, "value": p.value, "unit": p.unit, "basis": p.basis }))
            .collect();
        m.cell = json!({
            "name": self.cell.name,
            "type": self.cell.kind.as_str(),
            "file": self.cell.file.as_ref().map(|f| f.display().to_string()),
            "area_m2": self.cell.area,
            "parameters": params,
        });
        m.tolerances = json!({
            "rtol": self.solver_options.rtol,
            "atol": self.solver_options.atol,
            "algebraic_atol_factor": self.solver_options.algebraic_atol_factor,
            "max_step_growth": self.solver_options.max_step_growth,
            "max_solver_steps_per_protocol_step": self.run_opts.max_steps_per_step,
            "min_output_interval_s": self.run_opts.min_interval,
            "every_solver_step": self.run_opts.every_step,
        });
        let o = &self.options;
        m.mesh = json!({
            "cathode": match o.cathode {
                crate::model::options::CathodeModel::P2d => "p2d",
                crate::model::options::CathodeModel::Spm => "spm",
            },
            "cathode_nodes": o.cathode_nodes,
            "particle_shells": o.particle_shells,
            "separator_nodes": o.separator_nodes,
            "states": self.model().n(),
            "jacobian_nonzeros": self.model().pattern().len(),
        });
        for n in &self.params.notes {
            m.note(n.clone());
        }
        for w in &self.cell.warnings {
            m.warn(w.to_string());
        }
        m
    }
}
