//! Valid (error) and typical (warning) ranges of the quantities of a cell design. The valid
//! bounds are physical or model limits; the typical ones span the designs in the review and the
//! literature it cites, so a value outside them is probably a unit or typing mistake.

use crate::limits::Limit;
use crate::units::dims;

pub const AREA: Limit = Limit {
    quantity: "area",
    dim: dims::AREA,
    unit: "cm^2",
    valid: (1e-8, 10.0),
    typical: (1e-6, 1.0),
    why: "0.01 mm^2 to 10 m^2",
};

pub const TEMPERATURE: Limit = Limit {
    quantity: "temperature",
    dim: dims::TEMPERATURE,
    unit: "degC",
    valid: (150.0, 573.15),
    typical: (233.15, 363.15),
    why: "natrium's property data cover -123 to 300 degC at most; sodium melts at 97.8 degC",
};

pub const STACK_PRESSURE: Limit = Limit {
    quantity: "stack pressure",
    dim: dims::PRESSURE,
    unit: "MPa",
    valid: (0.0, 1e9),
    typical: (0.0, 100e6),
    why: "1 GPa crushes ceramic separators",
};

pub const FIXTURE_STIFFNESS: Limit = Limit {
    quantity: "fixture stiffness",
    dim: dims::AREAL_STIFFNESS,
    unit: "GPa/m",
    valid: (1e3, 1e15),
    typical: (1e8, 1e13),
    why: "from a soft spring to a rigid steel die",
};

pub const SEPARATOR_THICKNESS: Limit = Limit {
    quantity: "separator thickness",
    dim: dims::LENGTH,
    unit: "um",
    valid: (1e-6, 0.02),
    typical: (5e-6, 3e-3),
    why: "a continuum separator needs many grains across it; 2 cm is far beyond any cell",
};

pub const COLLECTOR_THICKNESS: Limit = Limit {
    quantity: "collector thickness",
    dim: dims::LENGTH,
    unit: "um",
    valid: (1e-7, 0.01),
    typical: (2e-6, 5e-4),
    why: "from a sputtered film to a thick plate",
};

pub const INTERLAYER_THICKNESS: Limit = Limit {
    quantity: "interlayer thickness",
    dim: dims::LENGTH,
    unit: "um",
    valid: (1e-10, 1e-3),
    typical: (1e-9, 5e-5),
    why: "from one atomic layer to 1 mm",
};

pub const CATHODE_THICKNESS: Limit = Limit {
    quantity: "cathode thickness",
    dim: dims::LENGTH,
    unit: "um",
    valid: (1e-7, 0.01),
    typical: (1e-6, 1e-3),
    why: "a thin film to a 1 cm pellet",
};

pub const CATHODE_LOADING: Limit = Limit {
    quantity: "cathode loading",
    dim: dims::AREAL_MASS,
    unit: "mg/cm^2",
    valid: (1e-5, 1e3),
    typical: (1e-2, 200.0),
    why: "1 ug/cm^2 to 100 g/cm^2",
};

pub const AREAL_CAPACITY: Limit = Limit {
    quantity: "areal capacity",
    dim: dims::AREAL_CAPACITY,
    unit: "mAh/cm^2",
    valid: (36.0, 3.6e6),
    typical: (360.0, 3.6e5),
    why: "0.001 to 100 mAh/cm^2 (100 mAh/cm^2 plates about 0.9 mm of sodium)",
};

pub const SPECIFIC_CAPACITY: Limit = Limit {
    quantity: "specific capacity",
    dim: dims::SPECIFIC_CAPACITY,
    unit: "mAh/g",
    valid: (3.6e3, 1.1e7),
    typical: (3.6e4, 1.8e6),
    why: "1 to 3000 mAh/g",
};

pub const SODIUM_THICKNESS: Limit = Limit {
    quantity: "sodium thickness",
    dim: dims::LENGTH,
    unit: "um",
    valid: (0.0, 0.02),
    typical: (1e-7, 2e-3),
    why: "up to 2 cm of sodium",
};

pub const SODIUM_EXCESS: Limit = Limit {
    quantity: "sodium excess",
    dim: dims::DIMENSIONLESS,
    unit: "%",
    valid: (0.0, 1000.0),
    typical: (0.0, 20.0),
    why: "up to 1000 times the cathode's capacity",
};

pub const RELATIVE_DENSITY: Limit = Limit {
    quantity: "relative density",
    dim: dims::DIMENSIONLESS,
    unit: "%",
    valid: (0.3, 1.0),
    typical: (0.8, 1.0),
    why: "a ceramic body below 30 % dense does not hold together",
};

pub const CATHODE_POROSITY: Limit = Limit {
    quantity: "cathode porosity",
    dim: dims::DIMENSIONLESS,
    unit: "%",
    valid: (0.0, 0.9),
    typical: (0.0, 0.4),
    why: "a composite needs solid to conduct",
};

pub const LAYER_POROSITY: Limit = Limit {
    quantity: "porosity",
    dim: dims::DIMENSIONLESS,
    unit: "%",
    valid: (0.0, 0.99),
    typical: (0.0, 0.5),
    why: "a layer needs some solid",
};

pub const PERCOLATION_THRESHOLD: Limit = Limit {
    quantity: "percolation threshold",
    dim: dims::DIMENSIONLESS,
    unit: "%",
    valid: (0.01, 0.9),
    typical: (0.1, 0.4),
    why: "a volume fraction",
};

pub const VOLUME_FRACTION: Limit = Limit {
    quantity: "volume fraction",
    dim: dims::DIMENSIONLESS,
    unit: "%",
    valid: (0.0, 1.0),
    typical: (0.0, 1.0),
    why: "a fraction of the composite's volume",
};

pub const EFFICIENCY: Limit = Limit {
    quantity: "Coulombic efficiency",
    dim: dims::DIMENSIONLESS,
    unit: "%",
    valid: (1e-6, 1.0),
    typical: (0.5, 1.0),
    why: "a fraction of the charge, above 0 and at most 100 %",
};

pub const PACKAGING_FACTOR: Limit = Limit {
    quantity: "packaging factor",
    dim: dims::DIMENSIONLESS,
    unit: "%",
    valid: (1e-3, 1.0),
    typical: (0.3, 1.0),
    why: "the stack's share of the cell, above 0 and at most 100 %",
};

pub const NP_RATIO: Limit = Limit {
    quantity: "N/P ratio",
    dim: dims::DIMENSIONLESS,
    unit: "",
    valid: (0.1, 100.0),
    typical: (1.0, 3.0),
    why: "the negative's capacity over the positive's",
};

pub const PRESSING_TIME: Limit = Limit {
    quantity: "pressing time",
    dim: dims::TIME,
    unit: "s",
    valid: (0.01, 1e7),
    typical: (1.0, 1e5),
    why: "10 ms to four months",
};

pub const FABRICATION_PRESSURE: Limit = Limit {
    quantity: "fabrication pressure",
    dim: dims::PRESSURE,
    unit: "MPa",
    valid: (0.0, 5e9),
    typical: (1e6, 1e9),
    why: "up to 5 GPa",
};

pub const MICROSTRUCTURE: Limit = Limit {
    quantity: "grain or pore size",
    dim: dims::LENGTH,
    unit: "um",
    valid: (1e-8, 1e-3),
    typical: (1e-7, 1e-4),
    why: "10 nm to 1 mm",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::Verdict;

    #[test]
    fn every_typical_range_lies_inside_its_valid_range() {
        for l in [
            AREA,
            TEMPERATURE,
            STACK_PRESSURE,
            FIXTURE_STIFFNESS,
            SEPARATOR_THICKNESS,
            COLLECTOR_THICKNESS,
            INTERLAYER_THICKNESS,
            CATHODE_THICKNESS,
            CATHODE_LOADING,
            AREAL_CAPACITY,
            SPECIFIC_CAPACITY,
            SODIUM_THICKNESS,
            SODIUM_EXCESS,
            RELATIVE_DENSITY,
            CATHODE_POROSITY,
            LAYER_POROSITY,
            PERCOLATION_THRESHOLD,
            VOLUME_FRACTION,
            EFFICIENCY,
            PACKAGING_FACTOR,
            NP_RATIO,
            PRESSING_TIME,
            FABRICATION_PRESSURE,
            MICROSTRUCTURE,
        ] {
            assert!(
                l.valid.0 <= l.typical.0 && l.typical.1 <= l.valid.1,
                "{}",
                l.quantity
            );
            assert_eq!(
                l.check(0.5 * (l.typical.0 + l.typical.1)),
                Verdict::Ok,
                "{}",
                l.quantity
            );
        }
    }
}
