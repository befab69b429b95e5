//! Column descriptions of a table: every column names its quantity and its display unit.

use serde::{Deserialize, Serialize};

use super::OutputError;

/// One output column. `name` is what file headers show: `"voltage [V]"`, or just the quantity
/// (`"cycle"`) when the unit is empty (a count or a label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Header name with unit, e.g. `"voltage [V]"`.
    pub name: String,
    /// The quantity without unit, e.g. `"voltage"`.
    pub quantity: String,
    /// Display unit of the values in this column, e.g. `"V"`; empty for counts.
    pub unit: String,
    /// One-line description for humans.
    pub description: String,
    /// Whether the values are whole numbers (a count such as the cycle or step number): Parquet
    /// stores them as INT64, CSV without a decimal point. Other columns are always floating
    /// point, written so that every reader infers a float type.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub integer: bool,
}

impl Column {
    /// `Column::new("voltage", "V", "terminal voltage")` has the name `"voltage [V]"`.
    pub fn new(
        quantity: impl Into<String>,
        unit: impl Into<String>,
        description: impl Into<String>,
    ) -> Column {
        let quantity = quantity.into();
        let unit = unit.into();
        let name = if unit.is_empty() {
            quantity.clone()
        } else {
            format!("{quantity} [{unit}]")
        };
        Column {
            name,
            quantity,
            unit,
            description: description.into(),
            integer: false,
        }
    }

    /// A whole-number column without unit (a count or an index), e.g. `"cycle"`.
    pub fn count(quantity: impl Into<String>, description: impl Into<String>) -> Column {
        let mut c = Column::new(quantity, "", description);
        c.integer = true;
        c
    }

    /// Split a header name such as `"lost Na inventory [mAh]"` into quantity and unit (a name
    /// without a trailing `[unit]` is a dimensionless column). The description is empty.
    pub fn from_name(name: &str) -> Column {
        let trimmed = name.trim();
        if let Some(stripped) = trimmed.strip_suffix(']') {
            if let Some(open) = stripped.rfind('[') {
                let quantity = stripped[..open].trim_end();
                let unit = stripped[open + 1..].trim();
                if !quantity.is_empty() {
                    return Column {
                        name: trimmed.to_string(),
                        quantity: quantity.to_string(),
                        unit: unit.to_string(),
                        description: String::new(),
                        integer: false,
                    };
                }
            }
        }
        Column {
            name: trimmed.to_string(),
            quantity: trimmed.to_string(),
            unit: String::new(),
            description: String::new(),
            integer: false,
        }
    }
}

/// The ordered columns of a table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Schema(pub Vec<Column>);

impl Schema {
    pub fn new(columns: Vec<Column>) -> Schema {
        Schema(columns)
    }

    /// Number of columns (every row must have exactly this many values).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn columns(&self) -> &[Column] {
        &self.0
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Column> {
        self.0.iter()
    }

    /// Append a column (builder style).
    pub fn with(mut self, column: Column) -> Schema {
        self.0.push(column);
        self
    }

    pub fn push(&mut self, column: Column) {
        self.0.push(column);
    }

    /// Header names, e.g. `["time [s]", "voltage [V]"]`.
    pub fn names(&self) -> Vec<&str> {
        self.0.iter().map(|c| c.name.as_str()).collect()
    }

    /// Index of the column with this header name (`"voltage [V]"`) or, failing that, this
    /// quantity (`"voltage"`).
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.0
            .iter()
            .position(|c| c.name == name)
            .or_else(|| self.0.iter().position(|c| c.quantity == name))
    }

    /// A schema that can be written: at least one column, names non-empty and unique.
    pub fn validate(&self) -> Result<(), OutputError> {
        if self.0.is_empty() {
            return Err(OutputError::InvalidSchema {
                message: "a table needs at least one column".into(),
            });
        }
        for (i, c) in self.0.iter().enumerate() {
            if c.name.trim().is_empty() {
                return Err(OutputError::InvalidSchema {
                    message: format!("column {i} has an empty name"),
                });
            }
            if let Some(j) = self.0[..i].iter().position(|d| d.name == c.name) {
                return Err(OutputError::InvalidSchema {
                    message: format!("columns {j} and {i} are both named `{}`", c.name),
                });
            }
        }
        Ok(())
    }
}

impl From<Vec<Column>> for Schema {
    fn from(columns: Vec<Column>) -> Schema {
        Schema(columns)
    }
}

impl<'a> IntoIterator for &'a Schema {
    type Item = &'a Column;
    type IntoIter = std::slice::Iter<'a, Column>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_name_carries_unit() {
        let c = Column::new("voltage", "V", "terminal voltage");
        assert_eq!(c.name, "voltage [V]");
        assert_eq!(Column::new("cycle", "", "cycle number").name, "cycle");
    }

    #[test]
    fn from_name_splits_unit() {
        let c = Column::from_name("lost Na inventory [mAh]");
        assert_eq!(
            (c.quantity.as_str(), c.unit.as_str()),
            ("lost Na inventory", "mAh")
        );
        let c = Column::from_name("contact fraction");
        assert_eq!(
            (c.quantity.as_str(), c.unit.as_str()),
            ("contact fraction", "")
        );
        assert_eq!(Column::from_name("[V]").quantity, "[V]");
    }

    #[test]
    fn validate_rejects_duplicates_and_empty() {
        assert!(Schema::default().validate().is_err());
        let s = Schema::default()
            .with(Column::new("time", "s", ""))
            .with(Column::new("time", "s", ""));
        assert!(matches!(
            s.validate(),
            Err(OutputError::InvalidSchema { .. })
        ));
        let s = Schema::default()
            .with(Column::new("time", "s", ""))
            .with(Column::new("voltage", "V", ""));
        s.validate().unwrap();
        assert_eq!(s.index_of("voltage"), Some(1));
        assert_eq!(s.index_of("time [s]"), Some(0));
    }
}
