//! Element counts from a chemical formula as written in the material files
//! (`Na3V2(PO4)3`, `NaCu1/9Ni2/9Fe1/3Mn1/3O2`, `Na0.7CoO2`, `C24H8O6`).

/// Atoms of `element` per formula unit of `formula`, or `None` if the formula cannot be read
/// (unbalanced parentheses, characters that are not element symbols, numbers or brackets).
/// Numbers may be decimals (`0.7`, also `0,7`) or fractions (`1/9`); a bracket's multiplier
/// applies to everything inside it.
pub fn element_count(formula: &str, element: &str) -> Option<f64> {
    let chars: Vec<char> = formula.chars().filter(|c| !c.is_whitespace()).collect();
    let mut i = 0;
    // one running total per open bracket
    let mut stack: Vec<f64> = vec![0.0];
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_uppercase() {
            let mut sym = String::from(c);
            i += 1;
            while i < chars.len() && chars[i].is_ascii_lowercase() {
                sym.push(chars[i]);
                i += 1;
            }
            let n = number(&chars, &mut i)?.unwrap_or(1.0);
            if sym == element {
                *stack.last_mut()? += n;
            }
        } else if c == '(' || c == '[' {
            stack.push(0.0);
            i += 1;
        } else if c == ')' || c == ']' {
            i += 1;
            let inner = stack.pop()?;
            let n = number(&chars, &mut i)?.unwrap_or(1.0);
            *stack.last_mut()? += inner * n;
        } else if c == '·' || c == '*' {
            // hydrate dot: `Na2SO4·10H2O` counts what follows with its own leading multiplier
            i += 1;
            let n = number(&chars, &mut i)?.unwrap_or(1.0);
            let start = i;
            let mut depth = 0i32;
            while i < chars.len() {
                match chars[i] {
                    '(' | '[' => depth += 1,
                    ')' | ']' => depth -= 1,
                    '·' | '*' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
            let part: String = chars[start..i].iter().collect();
            *stack.last_mut()? += n * element_count(&part, element)?;
        } else {
            return None;
        }
    }
    if stack.len() == 1 {
        stack.pop()
    } else {
        None
    }
}

/// A number at `chars[*i]` (decimal with `.` or `,`, or a fraction `a/b`), if any.
fn number(chars: &[char], i: &mut usize) -> Option<Option<f64>> {
    let start = *i;
    let mut s = String::new();
    while *i < chars.len() && (chars[*i].is_ascii_digit() || chars[*i] == '.' || chars[*i] == ',') {
        // a decimal point must be followed by a digit (else it is a hydrate dot)
        if chars[*i] != '.' && chars[*i] != ',' {
            s.push(chars[*i]);
        } else if chars.get(*i + 1).is_some_and(|d| d.is_ascii_digit()) && !s.is_empty() {
            s.push('.');
        } else {
            break;
        }
        *i += 1;
    }
    if *i == start {
        return Some(None);
    }
    let mut x: f64 = s.parse().ok()?;
    if *i < chars.len() && chars[*i] == '/' {
        *i += 1;
        let dstart = *i;
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
        let d: String = chars[dstart..*i].iter().collect();
        let d: f64 = d.parse().ok()?;
        if d == 0.0 {
            return None;
        }
        x /= d;
    }
    Some(Some(x))
}

#[cfg(test)]
mod tests {
    use super::element_count;

    fn na(f: &str) -> Option<f64> {
        element_count(f, "Na")
    }

    #[test]
    fn counts_sodium() {
        assert_eq!(na("Na3V2(PO4)3"), Some(3.0));
        assert_eq!(na("NaCrO2"), Some(1.0));
        assert_eq!(na("TiS2"), Some(0.0));
        assert_eq!(na("C24H8O6"), Some(0.0));
        assert_eq!(na("Na0.7CoO2"), Some(0.7));
        assert_eq!(na("Na0,66Ni0,33Mn0,67O2"), Some(0.66));
        assert_eq!(na("Na3.5V0.5Mn0.5Fe0.5Ti0.5(PO4)3"), Some(3.5));
        assert_eq!(na("NaCu1/9Ni2/9Fe1/3Mn1/3O2"), Some(1.0));
        assert_eq!(na("Na2MnFe(CN)6"), Some(2.0));
        // a symbol that only starts with N is not Na
        assert_eq!(na("NbN"), Some(0.0));
        assert_eq!(element_count("Cu2(Na(OH)2)3", "Na"), Some(3.0));
        assert_eq!(element_count("Na2SO4·10H2O", "H"), Some(20.0));
        assert_eq!(element_count("Li3V2(PO4)3", "O"), Some(12.0));
    }

    #[test]
    fn unreadable_formulas() {
        assert_eq!(na("Na3V2(PO4"), None);
        assert_eq!(na("Na3V2)PO4("), None);
        assert_eq!(na("sodium"), None);
        assert_eq!(na("Na1/0"), None);
    }
}
