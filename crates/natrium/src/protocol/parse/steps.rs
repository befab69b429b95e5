//! Steps: one instruction split into clauses at its keywords, and `Set` steps.

use super::{did_you_mean, Kind, Kw, Parser, Seg, Val, CLAUSE_WORDS, EX_CURRENT, INSTRUCTIONS};
use crate::protocol::{Mode, ParseError, Step, Stop};
use crate::units::dims;

impl<'a> Parser<'a> {
    // ------------------------------------------------------------------ steps

    pub(super) fn step(&self, start: usize, end: usize, line: usize) -> Result<Step, ParseError> {
        let words = self.words(start, end);
        let Some(&(w0s, w0e)) = words.first() else {
            return Err(self.err(start, "expected an instruction"));
        };
        let kw = self.text[w0s..w0e].to_ascii_lowercase();
        let kind = match kw.as_str() {
            "charge" => Kind::Charge,
            "discharge" => Kind::Discharge,
            "plate" => Kind::Plate,
            "strip" => Kind::Strip,
            "hold" => Kind::Hold,
            "rest" => Kind::Rest,
            "set" => return self.set_step(&words, start, end, line),
            _ => {
                let w = &self.text[w0s..w0e];
                return Err(self.err(
                    w0s,
                    format!(
                        "unknown instruction \"{w}\"{}; expected one of {}",
                        did_you_mean(w, INSTRUCTIONS, 0.7),
                        INSTRUCTIONS.join(", ")
                    ),
                ));
            }
        };

        // split into clauses at the keywords
        let mut segs: Vec<Seg> = Vec::new();
        let mut cur = Seg {
            kw: Kw::Lead,
            kw_end: w0e,
            val: None,
        };
        for &(ws, we) in &words[1..] {
            let k = match self.text[ws..we].to_ascii_lowercase().as_str() {
                "at" => Some(Kw::At),
                "until" => Some(Kw::Until),
                "for" => Some(Kw::For),
                "or" => Some(Kw::Or),
                "under" => Some(Kw::Under),
                _ => None,
            };
            match k {
                Some(kw) => {
                    segs.push(cur);
                    cur = Seg {
                        kw,
                        kw_end: we,
                        val: None,
                    };
                }
                None => cur.val = Some((cur.val.map_or(ws, |v| v.0), we)),
            }
        }
        segs.push(cur);

        let mut setpoint: Option<Mode> = None;
        let mut temperature: Option<f64> = None;
        let mut pressure: Option<f64> = None;
        let mut stops: Vec<Stop> = Vec::new();
        for (i, seg) in segs.iter().enumerate() {
            let Some((vs, ve)) = seg.val else {
                let next_is_stop = segs
                    .get(i + 1)
                    .is_some_and(|n| matches!(n.kw, Kw::Until | Kw::For));
                match seg.kw {
                    Kw::Lead => continue,
                    Kw::Or if next_is_stop => continue,
                    _ => {
                        let (word, what) = match seg.kw {
                            Kw::At => (
                                "at",
                                if kind == Kind::Hold {
                                    "a voltage such as \"3.8 V\"".to_string()
                                } else if kind == Kind::Rest {
                                    "a temperature such as \"60 degC\"".to_string()
                                } else {
                                    EX_CURRENT.to_string()
                                },
                            ),
                            Kw::Under => ("under", "a stack pressure such as \"2 MPa\"".into()),
                            Kw::For => ("for", "a duration such as \"2 h\"".into()),
                            Kw::Or => (
                                "or",
                                format!("another stop condition: {}", kind.stop_examples()),
                            ),
                            _ => (
                                "until",
                                format!("a stop condition: {}", kind.stop_examples()),
                            ),
                        };
                        return Err(
                            self.err(seg.kw_end, format!("expected {what} after \"{word}\""))
                        );
                    }
                }
            };
            match seg.kw {
                Kw::Lead | Kw::Until | Kw::Or => {
                    stops.push(self.stop(kind, vs, ve, seg.kw == Kw::Lead, false)?)
                }
                Kw::For => stops.push(self.stop(kind, vs, ve, false, true)?),
                Kw::Under => {
                    let q = self.quantity_of(
                        vs,
                        ve,
                        "a stack pressure such as \"2 MPa\" after \"under\"",
                    )?;
                    if q.dim != dims::PRESSURE {
                        return Err(self.wrong_dim(
                            vs,
                            ve,
                            "a stack pressure such as \"2 MPa\" after \"under\"",
                            q.dim,
                        ));
                    }
                    if q.value < 0.0 {
                        return Err(self.err(vs, "a stack pressure cannot be negative"));
                    }
                    if pressure.replace(q.value).is_some() {
                        return Err(self.err(vs, "the stack pressure is given twice"));
                    }
                }
                Kw::At => {
                    let v = self.value(vs, ve)?;
                    if let Val::Q(q) = &v {
                        if q.dim == dims::TEMPERATURE {
                            let t = self.temperature(vs, q.value)?;
                            if temperature.replace(t).is_some() {
                                return Err(self.err(vs, "the temperature is given twice"));
                            }
                            continue;
                        }
                    }
                    let is_setpoint_like = match &v {
                        Val::CRate(_) => kind.galvanostatic(),
                        Val::Q(q) => {
                            (kind.galvanostatic()
                                && (q.dim == dims::CURRENT || q.dim == dims::CURRENT_DENSITY))
                                || (kind == Kind::Hold && q.dim == dims::VOLTAGE)
                        }
                    };
                    if setpoint.is_some() && !is_setpoint_like {
                        let mut e = self.wrong_dim_of(
                            vs,
                            ve,
                            "a temperature such as \"60 degC\" after this \"at\"",
                            &v,
                        );
                        if matches!(&v, Val::Q(q) if q.dim == dims::PRESSURE) {
                            e.message.push_str(
                                " (a stack pressure goes after \"under\": \"under 2 MPa\")",
                            );
                        }
                        return Err(e);
                    }
                    let mode = match kind {
                        Kind::Rest => {
                            return Err(self.err(
                                vs,
                                "a Rest has no set-point: \"at\" after Rest takes a temperature such as \"60 degC\"",
                            ))
                        }
                        Kind::Hold => match v {
                            Val::Q(q) if q.dim == dims::VOLTAGE => Mode::Hold(q.value),
                            Val::Q(q) => {
                                return Err(self.wrong_dim(vs, ve, "the hold voltage such as \"3.8 V\" (or a temperature such as \"60 degC\") after \"at\"", q.dim))
                            }
                            Val::CRate(_) => {
                                return Err(self.err(vs, "a Hold is at fixed voltage: expected a voltage such as \"3.8 V\" after \"at\" (a C-rate can end it: \"until C/50\")"))
                            }
                        },
                        _ => {
                            let c = self.current(vs, ve, v)?;
                            match kind {
                                Kind::Charge => Mode::Charge(c),
                                Kind::Discharge => Mode::Discharge(c),
                                Kind::Plate => Mode::Plate(c),
                                _ => Mode::Strip(c),
                            }
                        }
                    };
                    if setpoint.replace(mode).is_some() {
                        return Err(self.err(
                            vs,
                            format!("a second set-point: this {} already has one (a suffix \"at\" takes a temperature such as \"60 degC\")", kind.name()),
                        ));
                    }
                }
            }
        }

        let mode = match (kind, setpoint) {
            (Kind::Rest, _) => Mode::Rest,
            (_, Some(m)) => m,
            (Kind::Hold, None) => {
                return Err(self.err(
                    w0e,
                    "Hold needs a voltage: \"Hold at 3.8 V until 0.02 mA/cm2\"",
                ))
            }
            (k, None) => {
                return Err(self.err(
                    w0e,
                    format!("{} needs a current after \"at\": {EX_CURRENT}", k.name()),
                ))
            }
        };
        if stops.is_empty() {
            let msg = match kind {
                Kind::Rest => "a Rest needs a duration, e.g. \"Rest for 1 h\"".to_string(),
                Kind::Hold => "this Hold never ends: add a current or time stop, e.g. \"until 0.02 mA/cm2\", \"until C/50\" or \"for 2 h\"".to_string(),
                k => format!(
                    "this {} never ends: add a stop condition, e.g. \"until 3.8 V\", \"until 1 mAh/cm2\" or \"for 2 h\"",
                    k.name()
                ),
            };
            return Err(self.err(end, msg));
        }
        if kind == Kind::Hold
            && !stops
                .iter()
                .any(|s| matches!(s, Stop::CurrentBelow(_) | Stop::Time(_)))
        {
            return Err(self.err(
                end,
                "a Hold needs a current or time stop (\"until 0.02 mA/cm2\", \"or 2 h\"): a capacity alone may never be reached while the current decays",
            ));
        }
        Ok(Step {
            mode,
            stops,
            temperature,
            pressure,
            text: self.text[start..end].to_string(),
            line,
            span: start..end,
        })
    }

    /// `Set temperature to X [and pressure to Y]`.
    fn set_step(
        &self,
        words: &[(usize, usize)],
        start: usize,
        end: usize,
        line: usize,
    ) -> Result<Step, ParseError> {
        let mut temperature = None;
        let mut pressure = None;
        let mut i = 1;
        let w = |k: usize| -> &str { &self.text[words[k].0..words[k].1] };
        loop {
            // what
            while i < words.len()
                && ["ambient", "stack"]
                    .iter()
                    .any(|a| w(i).eq_ignore_ascii_case(a))
            {
                i += 1;
            }
            let Some(&(ws, we)) = words.get(i) else {
                let at = words.last().map_or(end, |x| x.1);
                return Err(self.err(at, "expected \"temperature\" or \"pressure\" after \"Set\": \"Set temperature to 60 degC\""));
            };
            let what = w(i).to_ascii_lowercase();
            let is_temp = match what.as_str() {
                "temperature" | "temp" => true,
                "pressure" => false,
                _ => {
                    return Err(self.err(
                        ws,
                        format!(
                        "expected \"temperature\" or \"pressure\" after \"Set\", found \"{}\"{}",
                        w(i),
                        did_you_mean(w(i), &["temperature", "pressure"], 0.7)
                    ),
                    ))
                }
            };
            i += 1;
            match words.get(i) {
                Some(_) if w(i).eq_ignore_ascii_case("to") => i += 1,
                Some(&(ts, _)) => {
                    return Err(self.err(
                        ts,
                        format!("expected \"to\" after \"{}\"", &self.text[ws..we]),
                    ))
                }
                None => {
                    return Err(self.err(
                        we,
                        format!("expected \"to\" after \"{}\"", &self.text[ws..we]),
                    ))
                }
            }
            let vstart = i;
            while i < words.len() && !w(i).eq_ignore_ascii_case("and") {
                if CLAUSE_WORDS.iter().any(|k| w(i).eq_ignore_ascii_case(k)) {
                    return Err(self.err(
                        words[i].0,
                        "\"Set\" takes effect at once and has no stop or suffix; follow it with \"Rest for ...\" to wait",
                    ));
                }
                i += 1;
            }
            if i == vstart {
                let at = words[vstart - 1].1;
                return Err(self.err(
                    at,
                    format!(
                        "expected a {} after \"to\"",
                        if is_temp {
                            "temperature such as \"60 degC\""
                        } else {
                            "pressure such as \"5 MPa\""
                        }
                    ),
                ));
            }
            let (vs, ve) = (words[vstart].0, words[i - 1].1);
            if is_temp {
                let what = "a temperature such as \"60 degC\"";
                let q = self.quantity_of(vs, ve, what)?;
                if q.dim != dims::TEMPERATURE {
                    return Err(self.wrong_dim(vs, ve, what, q.dim));
                }
                let t = self.temperature(vs, q.value)?;
                if temperature.replace(t).is_some() {
                    return Err(self.err(vs, "the temperature is set twice"));
                }
            } else {
                let what = "a stack pressure such as \"5 MPa\"";
                let q = self.quantity_of(vs, ve, what)?;
                if q.dim != dims::PRESSURE {
                    return Err(self.wrong_dim(vs, ve, what, q.dim));
                }
                if q.value < 0.0 {
                    return Err(self.err(vs, "a stack pressure cannot be negative"));
                }
                if pressure.replace(q.value).is_some() {
                    return Err(self.err(vs, "the pressure is set twice"));
                }
            }
            if i >= words.len() {
                break;
            }
            // "and"
            if i + 1 >= words.len() {
                return Err(self.err(
                    words[i].1,
                    "expected \"temperature\" or \"pressure\" after \"and\"",
                ));
            }
            i += 1;
        }
        Ok(Step {
            mode: Mode::SetAmbient,
            stops: Vec::new(),
            temperature,
            pressure,
            text: self.text[start..end].to_string(),
            line,
            span: start..end,
        })
    }
}
