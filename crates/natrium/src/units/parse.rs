//! Parser for quantity strings such as `"0.1 mA/cm^2"`.
//!
//! Grammar (whitespace between number and unit optional):
//!
//! ```text
//! quantity := number [ ('e'|'E') int ] [ ('×'|'x'|'*'|'·') '10^' int ] unit?
//! unit     := factor ( sep factor )*
//! sep      := '*' | '·' | '⋅' | ' ' | '/'
//! factor   := '(' unit ')' [exp] | ['√'] symbol [exp]
//! exp      := '^' signed-decimal | '^(' int '/' int ')' | signed-int | superscripts
//! ```
//!
//! A `/` puts the factors that follow it in the denominator until the next `*` or `·`, so
//! `"J/mol K"` is J·mol⁻¹·K⁻¹ and `"uAh/cm^2/h^0.5"` is uAh·cm⁻²·h⁻⁰·⁵. Exponents must be
//! multiples of ½. `degC` (or `°C`) is affine and must stand alone.

use super::dimension::{dims, Dimension, N_BASE};
use super::symbols::{self, UnitDef};
use super::UnitError;

/// A parsed unit expression: `SI = x · 10^pow10 · factor + offset`.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    pub dim: Dimension,
    pub pow10: i32,
    pub factor: f64,
    pub offset: f64,
    /// The expression as written (trimmed).
    pub text: String,
}

impl Unit {
    pub fn dimensionless() -> Unit {
        Unit {
            dim: dims::DIMENSIONLESS,
            pow10: 0,
            factor: 1.0,
            offset: 0.0,
            text: String::new(),
        }
    }

    /// Whether conversions are pure decimal shifts (and therefore exact).
    pub fn is_decimal(&self) -> bool {
        self.factor == 1.0 && self.offset == 0.0
    }
}

/// Split a quantity string into its number part (mantissa digits, decimal exponent) and the
/// byte offset where the unit starts.
pub(crate) struct NumberPart {
    pub mantissa: String,
    pub exp10: i64,
    pub end: usize,
}

pub(crate) fn scan_number(s: &str) -> Result<NumberPart, UnitError> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut mantissa = String::new();
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        if b[i] == b'-' {
            mantissa.push('-');
        }
        i += 1;
    }
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        mantissa.push(b[i] as char);
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        mantissa.push('.');
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            mantissa.push(b[i] as char);
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return Err(UnitError::BadNumber {
            input: s.to_string(),
            pos: 0,
        });
    }
    let mut exp10: i64 = 0;
    // exponent part: e/E followed by a signed integer (only if digits follow, so "5 eV" is safe)
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        let mut neg = false;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            neg = b[j] == b'-';
            j += 1;
        }
        let start = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j > start {
            exp10 = parse_exp(&s[start..j], s, start)?;
            if neg {
                exp10 = -exp10;
            }
            i = j;
        }
    }
    // "×10^-3", "x10^-3", "*10^-3", "·10^-3"
    let rest = &s[i..];
    let rest_trim = rest.trim_start();
    for mark in ["×", "x", "*", "·", "⋅"] {
        if let Some(after) = rest_trim.strip_prefix(mark) {
            let after = after.trim_start();
            if let Some(after10) = after.strip_prefix("10^") {
                let base = s.len() - after10.len();
                let (e, used) = scan_signed_int(after10).ok_or(UnitError::BadNumber {
                    input: s.to_string(),
                    pos: base,
                })?;
                exp10 += e;
                i = base + used;
            }
            break;
        }
    }
    Ok(NumberPart {
        mantissa,
        exp10,
        end: i,
    })
}

fn parse_exp(digits: &str, input: &str, pos: usize) -> Result<i64, UnitError> {
    // cap absurd exponents early; anything beyond ~±400 under/overflows f64 anyway
    if digits.len() > 6 {
        return Err(UnitError::OutOfRange {
            input: input.to_string(),
        });
    }
    digits.parse::<i64>().map_err(|_| UnitError::BadNumber {
        input: input.to_string(),
        pos,
    })
}

fn scan_signed_int(s: &str) -> Option<(i64, usize)> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut neg = false;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        neg = b[i] == b'-';
        i += 1;
    }
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == start || i - start > 6 {
        return None;
    }
    let v: i64 = s[start..i].parse().ok()?;
    Some((if neg { -v } else { v }, i))
}

/// Convert mantissa·10^exp10 to f64 with one correctly rounded conversion.
pub(crate) fn decimal_to_f64(mantissa: &str, exp10: i64, input: &str) -> Result<f64, UnitError> {
    if exp10.abs() > 100_000 {
        return Err(UnitError::OutOfRange {
            input: input.to_string(),
        });
    }
    let text = format!("{mantissa}e{exp10}");
    text.parse::<f64>().map_err(|_| UnitError::BadNumber {
        input: input.to_string(),
        pos: 0,
    })
}

struct Acc {
    half: [i32; N_BASE],
    pow10_half: i64,
    factor: f64,
    affine: Option<(f64, usize)>,
    n_factors: usize,
}

struct Parser<'a> {
    full: &'a str,
    s: &'a str,
    base: usize,
    i: usize,
}

fn is_symbol_char(c: char) -> bool {
    c.is_alphabetic() || matches!(c, '%' | '$' | '°' | 'Å' | 'Ω' | 'µ' | 'μ')
}

fn superscript_digit(c: char) -> Option<i64> {
    Some(match c {
        '⁰' => 0,
        '¹' => 1,
        '²' => 2,
        '³' => 3,
        '⁴' => 4,
        '⁵' => 5,
        '⁶' => 6,
        '⁷' => 7,
        '⁸' => 8,
        '⁹' => 9,
        _ => return None,
    })
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        Some(c)
    }
    fn pos(&self) -> usize {
        self.base + self.i
    }
    fn err_syntax(&self, what: &str) -> UnitError {
        UnitError::Syntax {
            input: self.full.to_string(),
            pos: self.pos(),
            what: what.to_string(),
        }
    }
    fn skip_spaces(&mut self) -> bool {
        let mut any = false;
        while let Some(c) = self.peek() {
            if c == ' ' || c == '\t' {
                self.bump();
                any = true;
            } else {
                break;
            }
        }
        any
    }

    /// Parse a product of factors until end or ')' ; `sign` is +1 or -1 (denominator).
    fn product(&mut self, acc: &mut Acc, sign: i32, depth: usize) -> Result<(), UnitError> {
        if depth > 4 {
            return Err(self.err_syntax("parentheses nested too deeply"));
        }
        let mut cur = sign;
        let mut expect_factor = true;
        loop {
            let spaced = self.skip_spaces();
            match self.peek() {
                None => {
                    if expect_factor {
                        return Err(self.err_syntax("a unit symbol"));
                    }
                    return Ok(());
                }
                Some(')') => {
                    if expect_factor {
                        return Err(self.err_syntax("a unit symbol"));
                    }
                    return Ok(());
                }
                Some('/') => {
                    if expect_factor {
                        return Err(self.err_syntax("a unit symbol before '/'"));
                    }
                    self.bump();
                    cur = -sign;
                    expect_factor = true;
                }
                Some('*') | Some('·') | Some('⋅') => {
                    if expect_factor {
                        return Err(self.err_syntax("a unit symbol before '*'"));
                    }
                    self.bump();
                    cur = sign;
                    expect_factor = true;
                }
                Some(_) => {
                    if !expect_factor && !spaced && self.peek() != Some('√') {
                        return Err(self.err_syntax("'/', '*' or a space between units"));
                    }
                    self.factor(acc, cur, depth)?;
                    expect_factor = false;
                }
            }
        }
    }

    fn factor(&mut self, acc: &mut Acc, sign: i32, depth: usize) -> Result<(), UnitError> {
        if self.peek() == Some('(') {
            self.bump();
            let mut inner = Acc {
                half: [0; N_BASE],
                pow10_half: 0,
                factor: 1.0,
                affine: None,
                n_factors: 0,
            };
            self.product(&mut inner, 1, depth + 1)?;
            if self.bump() != Some(')') {
                return Err(self.err_syntax("')'"));
            }
            let e = self.exponent()? * sign as i64;
            if let Some((_, p)) = inner.affine {
                return Err(UnitError::AffineInCompound {
                    input: self.full.to_string(),
                    pos: p,
                });
            }
            for k in 0..N_BASE {
                acc.half[k] += (inner.half[k] as i64 * e / 2) as i32;
                if (inner.half[k] as i64 * e) % 2 != 0 {
                    return Err(self.err_syntax("an exponent giving whole or half powers"));
                }
            }
            if (inner.pow10_half * e) % 2 != 0 {
                acc.factor *= 10f64.sqrt();
            }
            acc.pow10_half += inner.pow10_half * e / 2;
            acc.factor *= inner.factor.powf(e as f64 / 2.0);
            acc.n_factors += inner.n_factors;
            return Ok(());
        }
        // a bare "1" is a dimensionless factor, as in "1/s" or "1/(m^2 s)"
        if self.s[self.i..].starts_with('1') {
            let next = self.s[self.i + 1..].chars().next();
            if matches!(
                next,
                None | Some('/') | Some(' ') | Some('*') | Some('·') | Some(')')
            ) {
                self.bump();
                acc.n_factors += 1;
                return Ok(());
            }
        }
        let mut root = false;
        if self.peek() == Some('√') {
            self.bump();
            root = true;
        }
        let start = self.i;
        while let Some(c) = self.peek() {
            if is_symbol_char(c) {
                self.bump();
            } else {
                break;
            }
        }
        if self.i == start {
            return Err(self.err_syntax("a unit symbol"));
        }
        let sym = &self.s[start..self.i];
        let sym_pos = self.base + start;
        let def: UnitDef = symbols::lookup(sym).ok_or_else(|| UnitError::UnknownUnit {
            input: self.full.to_string(),
            symbol: sym.to_string(),
            pos: sym_pos,
            suggestion: suggest(sym),
        })?;
        let mut e_half = self.exponent()?;
        if root {
            if e_half % 2 != 0 {
                return Err(self.err_syntax("an integer exponent after a square root"));
            }
            e_half /= 2;
        }
        e_half *= sign as i64;
        if def.offset != 0.0 {
            acc.affine = Some((def.offset, sym_pos));
            if e_half != 2 {
                return Err(UnitError::AffineInCompound {
                    input: self.full.to_string(),
                    pos: sym_pos,
                });
            }
        }
        let dh = def.dim.halves();
        for (slot, d) in acc.half.iter_mut().zip(dh.iter()) {
            let prod = *d as i64 * e_half;
            if prod % 2 != 0 {
                return Err(self.err_syntax("an exponent giving whole or half powers"));
            }
            *slot += (prod / 2) as i32;
        }
        acc.pow10_half += def.pow10 as i64 * e_half;
        if def.factor != 1.0 {
            acc.factor *= def.factor.powf(e_half as f64 / 2.0);
        }
        acc.n_factors += 1;
        Ok(())
    }

    /// Exponent in halves (default 2 = power one), at most 32 in magnitude whatever its form
    /// (`^…`, `^(…/…)` or superscript digits): larger powers of any unit over- or underflow.
    fn exponent(&mut self) -> Result<i64, UnitError> {
        let e = self.exponent_any()?;
        if e.abs() > 64 {
            return Err(self.err_syntax("an exponent of at most 32 in magnitude"));
        }
        Ok(e)
    }

    fn exponent_any(&mut self) -> Result<i64, UnitError> {
        let c = match self.peek() {
            Some(c) => c,
            None => return Ok(2),
        };
        if c == '^' {
            self.bump();
            if self.peek() == Some('(') {
                self.bump();
                let rest = &self.s[self.i..];
                let (num, used) =
                    scan_signed_int(rest).ok_or_else(|| self.err_syntax("an integer exponent"))?;
                self.i += used;
                if self.bump() != Some('/') {
                    return Err(self.err_syntax("'/' in a fractional exponent"));
                }
                let rest = &self.s[self.i..];
                let (den, used) = scan_signed_int(rest)
                    .ok_or_else(|| self.err_syntax("an integer denominator"))?;
                self.i += used;
                if self.bump() != Some(')') {
                    return Err(self.err_syntax("')'"));
                }
                if den == 1 {
                    return Ok(2 * num);
                }
                if den == 2 {
                    return Ok(num);
                }
                if den != 0 && (2 * num) % den == 0 {
                    return Ok(2 * num / den);
                }
                return Err(self.err_syntax("an exponent that is a multiple of 1/2"));
            }
            return self.decimal_exponent();
        }
        if c == '-' || c == '+' || c.is_ascii_digit() {
            return self.decimal_exponent();
        }
        if c == '⁻' || superscript_digit(c).is_some() {
            let mut neg = false;
            if c == '⁻' {
                neg = true;
                self.bump();
            }
            let mut v: i64 = 0;
            let mut n = 0;
            while let Some(d) = self.peek().and_then(superscript_digit) {
                self.bump();
                v = v * 10 + d;
                n += 1;
                if n > 3 {
                    return Err(self.err_syntax("a small exponent"));
                }
            }
            if n == 0 {
                return Err(self.err_syntax("a superscript digit"));
            }
            return Ok(if neg { -2 * v } else { 2 * v });
        }
        Ok(2)
    }

    fn decimal_exponent(&mut self) -> Result<i64, UnitError> {
        let rest = &self.s[self.i..];
        let b = rest.as_bytes();
        let mut j = 0;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let ds = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if j == ds {
            return Err(self.err_syntax("a number after '^'"));
        }
        let mut text = rest[..j].to_string();
        if j < b.len() && b[j] == b'.' {
            j += 1;
            let fs = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if j == fs {
                return Err(self.err_syntax("digits after the decimal point of the exponent"));
            }
            text = rest[..j].to_string();
        }
        if text.len() > 8 {
            return Err(self.err_syntax("a small exponent"));
        }
        let v: f64 = text
            .parse()
            .map_err(|_| self.err_syntax("a numeric exponent"))?;
        let twice = v * 2.0;
        if (twice - twice.round()).abs() > 1e-12 || twice.abs() > 64.0 {
            return Err(self.err_syntax("an exponent that is a multiple of 1/2 (at most 32)"));
        }
        self.i += j;
        Ok(twice.round() as i64)
    }
}

fn suggest(sym: &str) -> Option<String> {
    let mut best: Option<(f64, String)> = None;
    for cand in symbols::all_symbols() {
        let score = strsim::jaro_winkler(sym, &cand);
        if score > 0.8 && best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// Parse a unit expression; `base` is the byte offset of `s` in `full` (for error positions).
pub(crate) fn parse_unit_at(full: &str, s: &str, base: usize) -> Result<Unit, UnitError> {
    let text = s.trim();
    if text.is_empty() {
        return Ok(Unit::dimensionless());
    }
    let lead = s.len() - s.trim_start().len();
    let mut p = Parser {
        full,
        s: text,
        base: base + lead,
        i: 0,
    };
    let mut acc = Acc {
        half: [0; N_BASE],
        pow10_half: 0,
        factor: 1.0,
        affine: None,
        n_factors: 0,
    };
    p.product(&mut acc, 1, 0)?;
    if p.i != p.s.len() {
        return Err(p.err_syntax("end of unit (unbalanced ')'?)"));
    }
    if let Some((_, pos)) = acc.affine {
        if acc.n_factors != 1 {
            return Err(UnitError::AffineInCompound {
                input: full.to_string(),
                pos,
            });
        }
    }
    let mut half = [0i8; N_BASE];
    for (h, a) in half.iter_mut().zip(acc.half.iter()) {
        *h = i8::try_from(*a).map_err(|_| p.err_syntax("smaller exponents"))?;
    }
    let mut factor = acc.factor;
    let pow10_half = acc.pow10_half;
    let pow10 = if pow10_half % 2 == 0 {
        pow10_half / 2
    } else {
        factor *= 10f64.sqrt();
        (pow10_half - 1) / 2
    };
    let pow10 = i32::try_from(pow10).map_err(|_| p.err_syntax("smaller exponents"))?;
    if !factor.is_finite() || factor == 0.0 || pow10.abs() > 600 {
        return Err(p.err_syntax("a unit whose scale fits a double (smaller exponents)"));
    }
    Ok(Unit {
        dim: Dimension::from_halves(half),
        pow10,
        factor,
        offset: acc.affine.map(|(o, _)| o).unwrap_or(0.0),
        text: text.to_string(),
    })
}
