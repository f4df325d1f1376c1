//! The parameters of view ops and reductions in the text form: axis lists (`[0, 2]`), axis
//! numbers and slices (`[1:7:2, :, ::-1]`), read against the operand's declared shape.
//!
//! Invariant: a slice entry is normalised by [`SliceAxis::from_python`] against the declared
//! length and made canonical ([`SliceAxis::canonical`]), so every spelling of one slice gives
//! one node; a symbolic axis accepts only `:`.

use super::lex::{LitKind, LitTok, Tok, Token};
use super::parse::Parser;
use crate::error::ParseError;
use crate::op::{Axes, SliceAxis};
use crate::shape::{Dim, Shape};

impl Parser {
    /// A non-negative integer without suffix (an axis length or axis number).
    pub(super) fn unsigned(&self, l: &LitTok, t: &Token, what: &str) -> Result<usize, ParseError> {
        let plain = l.kind == LitKind::Int && !l.neg && l.suffix.is_none();
        let value = plain.then(|| l.body.parse::<usize>().ok()).flatten();
        value.ok_or_else(|| {
            t.error(format!(
                "expected {what} (a non-negative integer that fits usize), found {}",
                t.describe()
            ))
        })
    }

    /// The `,` before an op's parameters.
    pub(super) fn param_comma(&mut self, op: &str, what: &str) -> Result<(), ParseError> {
        let t = self.bump()?;
        if t.tok == Tok::Punct(',') {
            Ok(())
        } else {
            Err(t.error(format!(
                "expected {what} after the operand of `{op}`, found {}",
                t.describe()
            )))
        }
    }

    /// `[0, 2]`: axis numbers.
    pub(super) fn axis_list(&mut self) -> Result<Axes, ParseError> {
        self.expect('[', "to start the axis list")?;
        let mut axes = Axes::new();
        if self.at_punct(']')? {
            self.bump()?;
            return Ok(axes);
        }
        loop {
            let t = self.bump()?;
            match &t.tok {
                Tok::Lit(l) => axes.push(self.unsigned(l, &t, "an axis number")?),
                _ => {
                    return Err(t.error(format!("expected an axis number, found {}", t.describe())));
                }
            }
            let t = self.bump()?;
            match t.tok {
                Tok::Punct(',') => continue,
                Tok::Punct(']') => return Ok(axes),
                _ => {
                    return Err(t.error(format!(
                        "expected `,` or `]` in the axis list, found {}",
                        t.describe()
                    )));
                }
            }
        }
    }

    /// `[1:7:2, :, ::-1]`, read against the operand's declared shape.
    pub(super) fn slice_list(
        &mut self,
        x: &Shape,
    ) -> Result<smallvec::SmallVec<[SliceAxis; 4]>, ParseError> {
        let open = self.expect('[', "to start the slice")?;
        let mut spec = smallvec::SmallVec::new();
        if !self.at_punct(']')? {
            loop {
                let start_tok = self.peek()?.clone();
                let axis = spec.len();
                let Some(dim) = x.dims().get(axis) else {
                    return Err(start_tok.error(format!(
                        "slice entry {} for an operand of shape {x} ({} axes)",
                        axis + 1,
                        x.rank()
                    )));
                };
                spec.push(self.slice_entry(dim, axis, &start_tok)?);
                let t = self.bump()?;
                match t.tok {
                    Tok::Punct(',') => continue,
                    Tok::Punct(']') => break,
                    _ => {
                        return Err(t.error(format!(
                            "expected `,` or `]` in the slice, found {}",
                            t.describe()
                        )));
                    }
                }
            }
        } else {
            self.bump()?;
        }
        if spec.len() != x.rank() {
            return Err(open.error(format!(
                "slice has {} entries for an operand of shape {x} ({} axes)",
                spec.len(),
                x.rank()
            )));
        }
        Ok(spec)
    }

    /// One slice entry `start:stop:step` (each part optional) against an axis of length `dim`.
    pub(super) fn slice_entry(
        &mut self,
        dim: &Dim,
        axis: usize,
        at: &Token,
    ) -> Result<SliceAxis, ParseError> {
        let start = self.slice_bound()?;
        self.expect(':', "in the slice entry")?;
        let stop = self.slice_bound()?;
        let mut step = None;
        let mut step_tok = None;
        if self.at_punct(':')? {
            self.bump()?;
            step_tok = Some(self.peek()?.clone());
            step = self.slice_bound()?;
        }
        let bare = start.is_none() && stop.is_none() && step.is_none();
        let n = match dim {
            _ if bare => return Ok(SliceAxis::Full),
            Dim::Sym(s) => {
                return Err(at.error(format!(
                    "axis {axis} has symbolic length {s}; only `:` slices it"
                )));
            }
            Dim::Fixed(n) => *n,
        };
        let step_at = step_tok.unwrap_or_else(|| at.clone());
        let spec = SliceAxis::from_python(start, stop, step.unwrap_or(1), n)
            .map_err(|e| step_at.error(e))?;
        Ok(spec.canonical(n))
    }

    /// An optional signed integer bound of a slice entry.
    pub(super) fn slice_bound(&mut self) -> Result<Option<isize>, ParseError> {
        let t = self.peek()?.clone();
        let Tok::Lit(l) = &t.tok else {
            return Ok(None);
        };
        self.bump()?;
        let value = (l.kind == LitKind::Int && l.suffix.is_none())
            .then(|| l.body.parse::<i128>().ok())
            .flatten()
            .map(|v| if l.neg { -v } else { v })
            .and_then(|v| isize::try_from(v).ok());
        value.map(Some).ok_or_else(|| {
            t.error(format!(
                "expected a slice bound (an integer that fits isize), found {}",
                t.describe()
            ))
        })
    }
}
