//! Formatting SI values in a chosen unit.

use super::{parse_unit, UnitError};

/// Value of an SI quantity expressed in `unit` (no dimension check; callers choose units that
/// match). Used for output columns such as `"current density [mA/cm^2]"`.
pub fn to_unit(value_si: f64, unit: &str) -> Result<f64, UnitError> {
    let u = parse_unit(unit)?;
    Ok((value_si - u.offset) / u.factor / 10f64.powi(u.pow10))
}

/// Exact text of `value_si` in `unit`, the inverse of the parser: for every unit without a
/// non-decimal factor, parsing the result returns `value_si` bit for bit.
pub fn format_in(value_si: f64, unit: &str) -> Result<String, UnitError> {
    let u = parse_unit(unit)?;
    let x = if u.is_decimal() {
        value_si
    } else {
        (value_si - u.offset) / u.factor
    };
    let num = shift_decimal(x, -u.pow10);
    Ok(if u.text.is_empty() {
        num
    } else {
        format!("{num} {}", u.text)
    })
}

/// `value_si` in `unit` with `sig` significant digits, for tables and messages.
pub fn format_sig(value_si: f64, unit: &str, sig: usize) -> Result<String, UnitError> {
    let x = to_unit(value_si, unit)?;
    let num = sig_digits(x, sig);
    let u = unit.trim();
    Ok(if u.is_empty() {
        num
    } else {
        format!("{num} {u}")
    })
}

/// A number with `sig` significant digits: plain notation for magnitudes in [1e-3, 1e6),
/// scientific otherwise.
pub fn sig_digits(x: f64, sig: usize) -> String {
    let sig = sig.clamp(1, 17);
    if !x.is_finite() {
        return format!("{x}");
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let mag = x.abs().log10().floor() as i32;
    if (-3..6).contains(&mag) {
        let decimals = (sig as i32 - 1 - mag).max(0) as usize;
        // a rounding carry can add a digit (9.99 -> 10.0); acceptable for display
        format!("{x:.decimals$}")
    } else {
        format!("{:.*e}", sig - 1, x)
    }
}

/// Shortest round-trip decimal text of `x`, with its decimal exponent shifted by `shift`.
fn shift_decimal(x: f64, shift: i32) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    let e = format!("{x:e}");
    let (m, ex) = match e.split_once('e') {
        Some(p) => p,
        None => return e,
    };
    let ex: i64 = ex.parse().unwrap_or(0);
    let newex = ex + shift as i64;
    let (neg, m) = match m.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, m),
    };
    let digits: String = m.chars().filter(|c| *c != '.').collect();
    let sign = if neg { "-" } else { "" };
    if !(-6..=15).contains(&newex) {
        let mant = if digits.len() > 1 {
            format!("{}.{}", &digits[..1], &digits[1..])
        } else {
            digits.clone()
        };
        return format!("{sign}{mant}e{newex}");
    }
    let point = newex + 1; // digits before the decimal point
    if point <= 0 {
        let zeros = "0".repeat((-point) as usize);
        format!("{sign}0.{zeros}{digits}")
    } else if (point as usize) >= digits.len() {
        let zeros = "0".repeat(point as usize - digits.len());
        format!("{sign}{digits}{zeros}")
    } else {
        let (a, b) = digits.split_at(point as usize);
        format!("{sign}{a}.{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifting() {
        assert_eq!(shift_decimal(0.15, 1), "1.5");
        assert_eq!(shift_decimal(0.15, 0), "0.15");
        assert_eq!(shift_decimal(1.0, 3), "1000");
        assert_eq!(shift_decimal(-2.5e-7, 6), "-0.25");
        assert_eq!(shift_decimal(1e-30, 0), "1e-30");
        assert_eq!(shift_decimal(123.456, -2), "1.23456");
    }

    #[test]
    fn significant() {
        assert_eq!(sig_digits(1.23456, 3), "1.23");
        assert_eq!(sig_digits(0.0123456, 2), "0.012");
        assert_eq!(sig_digits(1.5e-7, 2), "1.5e-7");
        assert_eq!(sig_digits(1234567.0, 3), "1.23e6");
        assert_eq!(sig_digits(250.0, 3), "250");
    }
}
