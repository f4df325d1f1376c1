//! Literal operands: which dtype a literal takes (its suffix, or NEP 50's weak rule next to
//! the node's other operands) and its value in that dtype.
//!
//! Invariant: a literal becomes a constant only if its value is exactly a value of its dtype
//! (integers in range, finite floats that do not overflow, suffixes of the literal's kind);
//! an `f32` literal is read as an `f32`, never rounded through `f64`.

use super::lex::{LitKind, LitTok};
use crate::dtype::DType;
use crate::graph::weak_dtype;
use crate::op::Lit;

/// The dtype of a literal: its suffix, or the weak dtype next to `context`.
pub(super) fn lit_dtype(l: &LitTok, context: &[DType]) -> DType {
    l.suffix.unwrap_or_else(|| {
        let probe = match l.kind {
            LitKind::Bool => Lit::Bool(false),
            LitKind::Int => Lit::Int(0),
            LitKind::Float => Lit::float(0.0),
        };
        weak_dtype(context, probe)
    })
}

/// A literal's value as a value of `dtype`.
///
/// # Errors
/// A value that does not fit, or a suffix of the wrong kind.
pub(super) fn lit_value(l: &LitTok, dtype: DType) -> Result<Lit, String> {
    let sign = if l.neg { "-" } else { "" };
    let text = format!("{sign}{}", l.body);
    if l.suffix.is_some() {
        let fits_kind = match l.kind {
            LitKind::Bool => dtype.is_bool(),
            LitKind::Int => dtype.is_integer(),
            LitKind::Float => dtype.is_float(),
        };
        if !fits_kind {
            let what = match l.kind {
                LitKind::Bool => "a bool literal",
                LitKind::Int => "an integer literal (write `3.0f32` for a float)",
                LitKind::Float => "a float literal",
            };
            return Err(format!("suffix `{dtype}` does not fit {what} `{text}`"));
        }
    }
    match l.kind {
        LitKind::Bool => Ok(Lit::Bool(l.body == "true").cast(dtype)),
        LitKind::Int => {
            let Some(i) = l
                .body
                .parse::<i128>()
                .ok()
                .map(|v| if l.neg { -v } else { v })
            else {
                return Err(format!("integer literal `{text}` is too large"));
            };
            let v = Lit::Int(i);
            if dtype.is_integer() && !v.fits(dtype) {
                return Err(format!(
                    "integer literal `{text}` is out of range for {dtype}"
                ));
            }
            Ok(v.cast(dtype))
        }
        LitKind::Float => {
            let finite_text = l.body != "inf" && l.body != "nan";
            let x = if dtype == DType::F32 {
                l.body.parse::<f32>().map(f64::from)
            } else {
                l.body.parse::<f64>()
            };
            let x = x.map_err(|_| format!("bad float literal `{text}`"))?;
            if finite_text && x.is_infinite() {
                return Err(format!(
                    "float literal `{text}` is out of range for {dtype}"
                ));
            }
            if !dtype.is_float() {
                return Err(format!("float literal `{text}` cannot be {dtype}"));
            }
            Ok(Lit::float(if l.neg { -x } else { x }))
        }
    }
}
