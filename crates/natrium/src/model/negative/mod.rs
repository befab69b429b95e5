//! Assembly of the negative interface of anode-free, Na-metal, symmetric and deposition cells:
//! each phenomenon's variant from `[model.interface]`, each parameter from the materials (metal,
//! separator, collector, interlayer, treatments) or a documented default, recorded in the log.

mod assembly;
mod metal;
mod opts;

pub use assembly::interface_submodels;

/// Calibration constants of the interface model (assumed or fitted; each is logged with its
/// basis and can be overridden in `[model.interface]`).
pub mod defaults {
    /// Exchange current density of Na deposition [A/m²]: R_ct ≈ 1 Ω·cm² (Eckhardt et al. 2023).
    pub const EXCHANGE_CURRENT: f64 = 257.0;
    /// Double-layer capacitance of the interface [F/m²] (10 µF/cm², class of electrode interfaces
    /// 1e-7–1e-5 F/cm², materials-data.md).
    pub const DOUBLE_LAYER: f64 = 0.1;
    /// Contact-spot radius [m] (negative-interface.md example).
    pub const SPOT_RADIUS: f64 = 10e-6;
    /// Na surface energy [J/m²] (0.1–0.2, negative-interface.md).
    pub const SURFACE_ENERGY: f64 = 0.2;
    /// Wetting (barrier) factor f of bare collectors on NASICON, fitted so that the nucleation
    /// overpotential of Al|NZSP at 0.1 mA/cm² is ≈53 mV (review §2, ref. 54; the model gives 54.5 mV
    /// with the default prefactor and sites).
    pub const WETTING_BARE: f64 = 0.02;
    /// Pre-exponential nucleation rate [1/(m² s)] (assumed: one site per surface atom,
    /// ≈8.6e18 m⁻², times an attachment frequency of ≈1e9 1/s; classical nucleation theory puts
    /// J₀ at 1e28–1e32 m⁻²s⁻¹).
    pub const NUCLEATION_PREFACTOR: f64 = 1e28;
    /// Amplification of the stack pressure at nucleation sites (assumed: the review reports a
    /// linear rise of η_nuc with pressure for Cu|NZSP, ref. 37, without the slope; 10 gives
    /// ≈2.2 mV/MPa, the "few mV per MPa" of negative-interface.md).
    pub const PRESSURE_AMPLIFICATION: f64 = 10.0;
    /// Contact of the bare collector with the electrolyte before sodium covers it (assumed).
    pub const COLLECTOR_CONTACT: f64 = 0.05;
    /// Wetting of a cold-pressed Na foil on as-sintered NASICON, φ_eq = w·p/H (fitted to the
    /// order of the bare Na|NZSP interfacial resistances the review quotes, 391–950 Ω·cm², refs.
    /// 46, 78, at pressures it does not give: the model gives ≈450 Ω·cm² at 1 MPa, 224 at 2 MPa).
    pub const FOIL_WETTING: f64 = 0.0034;
    /// Effective-stress factor of power-law creep closure (fitted: keeps dislocation creep below
    /// the linear, diffusional regime up to ~9 MPa, as observed by Spencer Jolly et al. 2020).
    pub const CREEP_BETA: f64 = 0.03;
    /// Diffusional void closure per pressure [m/(s·Pa)] (fitted: void-free stripping current
    /// ≈0.28 mA/cm² per MPa, >9 MPa at 2.5 mA/cm², Spencer Jolly et al., ACS Appl. Mater.
    /// Interfaces 12 (2020) 678, Na|β''-alumina; consistent with the 0.6 mA/cm² CCD of welded
    /// Na|NZSP at a few MPa, Wang et al. 2021).
    pub const CREEP_DIFFUSIONAL: f64 = 6.9e-16;
    /// Activation energy of the stripping limit [J/mol] (0.13–0.15 eV, Lowack et al.,
    /// arXiv:2603.23340, 2026 preprint).
    pub const CREEP_DIFFUSIONAL_EA: f64 = 0.14 * 96_485.332_123_310_02;
    /// Void length scale [m] (assumed: grain/roughness scale).
    pub const VOID_LENGTH: f64 = 1e-6;
    /// Void-opening factor (assumed).
    pub const VOID_OPENING: f64 = 1.0;
    /// Minimum contact fraction (assumed).
    pub const CONTACT_MIN: f64 = 1e-3;
    /// Dead-sodium fraction of the stripping flux through voids, × (1 − φ)² (assumed; it only
    /// acts where stripping opens voids, so the BaTiO3/C cell below does not constrain it).
    pub const DEAD_VOID: f64 = 0.05;
    /// Dead-sodium fraction of the stripping flux as the last deposit breaks up, × (1 − s)
    /// (fitted: 95.47 % retention after 300 cycles at 0.1 mA/cm² of the bundled BaTiO3/C
    /// anode-free cell against the reported 4.6 % loss, review §2, ref. 54).
    pub const DEAD_END: f64 = 0.0115;
    /// Flaw size c = c0 + c1·(1 − ρ_rel) [m] (assumed).
    pub const FLAW_C0: f64 = 1e-6;
    pub const FLAW_C1: f64 = 50e-6;
    /// Geometry factor of the surface flaw (Porz et al. 2017).
    pub const FLAW_Y: f64 = 1.12;
    /// K_IC when the electrolyte has none [Pa√m] (NZSP-type 1.3–1.58 MPa√m, Nonemacher 2019).
    pub const FRACTURE_TOUGHNESS: f64 = 1.3e6;
    /// Damage rate [1/s] (assumed: a filament crosses in ~10 min at 10 % over threshold).
    pub const DAMAGE_RATE: f64 = 1.0 / 60.0;
    /// Electronic conductivity at which dendrite growth doubles [S/m] (assumed 1e-8 S/cm).
    pub const SIGMA_E_REF: f64 = 1e-6;
    /// Candidate rate of local delamination events during plating [1/s] (assumed).
    pub const FLUCTUATION_RATE: f64 = 1.0 / 600.0;
    /// Largest share of the contact one delamination event detaches (assumed).
    pub const FLUCTUATION_AMPLITUDE: f64 = 0.5;
    /// Creep relaxation factor of the fixed-gap fixture. Fitted: with dp/dt = −K_A·h·A·(β·p)ⁿ a
    /// 100 µm Na foil in a 1e10 Pa/m fixture relaxes from 3 to ≈0.6 MPa in ≈3 h (closed form
    /// p⁻⁴ − p₀⁻⁴ = 4·K_A·h·A·βⁿ·t), as Na foil held at constant extension relaxes from 3 to
    /// ≈0.6 MPa within hours (Wang et al., Materialia 12 (2020) 100792).
    pub const RELAX_BETA: f64 = 0.2;
}
