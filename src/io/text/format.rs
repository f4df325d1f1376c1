//! Python's `%`-formatting of numbers, as `np.savetxt` uses it (`fmt % tuple(row)`).
//!
//! Invariants:
//! 1. A spec is `%[flags][width][.precision]type` with flags from `-+ 0#` and type one of
//!    `d i u x X o e E f F g G s`; `%%` is a literal percent sign. Anything else is an
//!    [`Error::Value`] naming the template, never a panic.
//! 2. Floats are printed from correctly rounded decimal digits (Rust's `{:.*e}` / `{:.*}`, which
//!    round exactly as CPython's `dtoa` does), then laid out by CPython's rules: two-digit
//!    exponents with a sign, `%g` switching to exponent form when the exponent is below -4 or
//!    at least the precision and stripping trailing zeros unless `#` is given.
//! 3. NaN and infinities print as `nan`, `inf`, `-inf` (upper case for `E F G`); the `0` flag
//!    pads them with zeros like any number, as CPython's `%` operator does (`000nan`).
//! 4. Integer specs (`d i u x X o`) take integers exactly (all 64 bits) and floats truncated
//!    toward zero, as Python's `int()`; a NaN or infinity is an error, as in Python.
//! 5. `%s` prints what `str()` of the NumPy scalar prints: `True`/`False`, the integer, or the
//!    shortest round-trip digits of the float in its own precision (f32 or f64), in positional
//!    form for exponents -4..16 and scientific form otherwise.

use crate::{Error, Result, Scalar};

/// One parsed piece of a row template: literal text or a conversion spec.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Piece {
    /// Text copied as is (`%%` already turned into `%`).
    Lit(String),
    /// A conversion that consumes one value.
    Spec(Spec),
}

/// A parsed `%[flags][width][.precision]type`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    zero: bool,
    alt: bool,
    width: usize,
    precision: Option<usize>,
    kind: char,
}

/// The largest width or precision accepted; larger ones are refused rather than allocated.
const MAX_FIELD: usize = 10_000;

/// Splits a template into literal text and specs (invariant 1).
pub(super) fn parse_template(template: &str) -> Result<Vec<Piece>> {
    let bad = |msg: &str| Error::Value {
        op: "savetxt",
        msg: format!("invalid format string {template:?}: {msg}"),
    };
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            lit.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            lit.push('%');
            continue;
        }
        let mut spec = Spec {
            left: false,
            plus: false,
            space: false,
            zero: false,
            alt: false,
            width: 0,
            precision: None,
            kind: 'd',
        };
        while let Some(&f) = chars.peek() {
            match f {
                '-' => spec.left = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '0' => spec.zero = true,
                '#' => spec.alt = true,
                _ => break,
            }
            chars.next();
        }
        let number = |chars: &mut std::iter::Peekable<std::str::Chars>| -> Result<usize> {
            let mut n = 0usize;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = n * 10 + d as usize;
                if n > MAX_FIELD {
                    return Err(bad("width or precision too large"));
                }
                chars.next();
            }
            Ok(n)
        };
        spec.width = number(&mut chars)?;
        if chars.peek() == Some(&'.') {
            chars.next();
            spec.precision = Some(number(&mut chars)?);
        }
        // Python accepts (and ignores) a length modifier.
        while matches!(chars.peek(), Some('h' | 'l' | 'L')) {
            chars.next();
        }
        match chars.next() {
            Some(
                k @ ('d' | 'i' | 'u' | 'x' | 'X' | 'o' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 's'),
            ) => {
                spec.kind = k;
            }
            Some(k) => return Err(bad(&format!("unsupported format character {k:?}"))),
            None => return Err(bad("incomplete format")),
        }
        if !lit.is_empty() {
            pieces.push(Piece::Lit(std::mem::take(&mut lit)));
        }
        pieces.push(Piece::Spec(spec));
    }
    if !lit.is_empty() {
        pieces.push(Piece::Lit(lit));
    }
    Ok(pieces)
}

/// The number of specs in a template.
pub(super) fn count_specs(pieces: &[Piece]) -> usize {
    pieces
        .iter()
        .filter(|p| matches!(p, Piece::Spec(_)))
        .count()
}

/// Appends `values` formatted by `pieces` to `out`; the caller has checked the counts agree.
pub(super) fn format_row(pieces: &[Piece], values: &[Scalar], out: &mut String) -> Result<()> {
    let mut values = values.iter();
    for piece in pieces {
        match piece {
            Piece::Lit(s) => out.push_str(s),
            Piece::Spec(spec) => {
                let v = values.next().ok_or_else(|| Error::Value {
                    op: "savetxt",
                    msg: "not enough arguments for format string".into(),
                })?;
                format_value(spec, *v, out)?;
            }
        }
    }
    Ok(())
}

/// Formats one value by one spec (invariants 2–5).
pub(super) fn format_value(spec: &Spec, v: Scalar, out: &mut String) -> Result<()> {
    let (negative, body, numeric) = match spec.kind {
        'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
            let (neg, digits) = int_digits(v, spec)?;
            (neg, digits, true)
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = v.to_f64();
            let neg = x.is_sign_negative() && !x.is_nan();
            (neg, float_body(x.abs(), spec), true)
        }
        _ => {
            let mut s = str_of(v);
            if let Some(p) = spec.precision {
                s = s.chars().take(p).collect();
            }
            (false, s, false)
        }
    };
    let sign = if negative {
        "-"
    } else if spec.plus && spec.kind != 's' {
        "+"
    } else if spec.space && spec.kind != 's' {
        " "
    } else {
        ""
    };
    let prefix = match spec.kind {
        'x' if spec.alt => "0x",
        'X' if spec.alt => "0X",
        'o' if spec.alt => "0o",
        _ => "",
    };
    let len = sign.len() + prefix.len() + body.chars().count();
    let pad = spec.width.saturating_sub(len);
    if spec.left {
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(&body);
        out.extend(std::iter::repeat_n(' ', pad));
    } else if spec.zero && numeric {
        out.push_str(sign);
        out.push_str(prefix);
        out.extend(std::iter::repeat_n('0', pad));
        out.push_str(&body);
    } else {
        out.extend(std::iter::repeat_n(' ', pad));
        out.push_str(sign);
        out.push_str(prefix);
        out.push_str(&body);
    }
    Ok(())
}

/// The sign and digits of an integer conversion (invariant 4).
fn int_digits(v: Scalar, spec: &Spec) -> Result<(bool, String)> {
    let radix = |mag: u64| match spec.kind {
        'x' => format!("{mag:x}"),
        'X' => format!("{mag:X}"),
        'o' => format!("{mag:o}"),
        _ => mag.to_string(),
    };
    let (neg, mut digits) = match v {
        Scalar::F32(_) | Scalar::F64(_) if matches!(spec.kind, 'x' | 'X' | 'o') => {
            // Python: "%x format: an integer is required, not float".
            return Err(Error::Value {
                op: "savetxt",
                msg: format!("%{} format: an integer is required, not float", spec.kind),
            });
        }
        Scalar::F32(_) | Scalar::F64(_) => {
            let x = v.to_f64().trunc();
            if !x.is_finite() {
                let what = if x.is_nan() { "NaN" } else { "infinity" };
                return Err(Error::Value {
                    op: "savetxt",
                    msg: format!("cannot convert float {what} to integer"),
                });
            }
            let neg = x < 0.0;
            // Integral, so `{:.0}` prints every digit exactly.
            (neg, format!("{:.0}", x.abs()))
        }
        Scalar::U64(u) => (false, radix(u)),
        Scalar::Bool(b) => (false, radix(u64::from(b))),
        _ => {
            let i = v.to::<i64>();
            (i < 0, radix(i.unsigned_abs()))
        }
    };
    if let Some(p) = spec.precision {
        // Python pads integer digits with zeros up to the precision.
        let n = digits.len();
        if p > n {
            digits.insert_str(0, &"0".repeat(p - n));
        }
    }
    Ok((neg, digits))
}

/// The body (no sign) of a float conversion of `x >= 0` (invariants 2 and 3).
fn float_body(x: f64, spec: &Spec) -> String {
    let upper = spec.kind.is_ascii_uppercase();
    if !x.is_finite() {
        let s = if x.is_nan() { "nan" } else { "inf" };
        return if upper { s.to_uppercase() } else { s.into() };
    }
    let p = spec.precision.unwrap_or(6);
    let s = match spec.kind.to_ascii_lowercase() {
        'e' => exp_form(x, p, spec.alt),
        'f' => fixed_form(x, p, spec.alt),
        _ => {
            let p = p.max(1);
            let e = decimal_exponent(x, p - 1);
            let mut s = if (-4..p as i32).contains(&e) {
                fixed_form(x, (p as i32 - 1 - e) as usize, spec.alt)
            } else {
                exp_form(x, p - 1, spec.alt)
            };
            if !spec.alt {
                strip_zeros(&mut s);
            }
            s
        }
    };
    if upper { s.to_uppercase() } else { s }
}

/// `x` in `d.ddde+XX` form with `p` digits after the point.
fn exp_form(x: f64, p: usize, alt: bool) -> String {
    let s = format!("{x:.p$e}");
    let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let point = if alt && p == 0 { "." } else { "" };
    let sign = if exp < 0 { '-' } else { '+' };
    format!("{mantissa}{point}e{sign}{:02}", exp.unsigned_abs())
}

/// `x` in fixed form with `p` digits after the point.
fn fixed_form(x: f64, p: usize, alt: bool) -> String {
    let point = if alt && p == 0 { "." } else { "" };
    format!("{x:.p$}{point}")
}

/// The decimal exponent of `x` after rounding to `p + 1` significant digits.
fn decimal_exponent(x: f64, p: usize) -> i32 {
    let s = format!("{x:.p$e}");
    s.split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0)
}

/// Removes trailing zeros after the decimal point, and the point if nothing follows it.
fn strip_zeros(s: &mut String) {
    let (mantissa, exp) = match s.find('e') {
        Some(i) => (s[..i].to_string(), s[i..].to_string()),
        None => (s.clone(), String::new()),
    };
    if !mantissa.contains('.') {
        return;
    }
    let m = mantissa.trim_end_matches('0').trim_end_matches('.');
    *s = format!("{m}{exp}");
}

/// What `str()` of the NumPy scalar prints (invariant 5).
pub(super) fn str_of(v: Scalar) -> String {
    match v {
        Scalar::Bool(b) => (if b { "True" } else { "False" }).into(),
        Scalar::F32(x) => float_repr(x.is_nan(), x.is_infinite(), x < 0.0, &format!("{x:e}")),
        Scalar::F64(x) => float_repr(x.is_nan(), x.is_infinite(), x < 0.0, &format!("{x:e}")),
        Scalar::U64(u) => u.to_string(),
        _ => v.to::<i64>().to_string(),
    }
}

/// Python's `repr` layout of shortest digits given as Rust's `{:e}` (`-1.5e-7`).
fn float_repr(nan: bool, inf: bool, neg: bool, sci: &str) -> String {
    if nan {
        return "nan".into();
    }
    if inf {
        return (if neg { "-inf" } else { "inf" }).into();
    }
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len() as i32;
    if (-4..16).contains(&exp) {
        let body = if exp < 0 {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        } else if exp + 1 >= n {
            format!("{digits}{}.0", "0".repeat((exp + 1 - n) as usize))
        } else {
            let (a, b) = digits.split_at(exp as usize + 1);
            format!("{a}.{b}")
        };
        format!("{sign}{body}")
    } else {
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{mantissa}e{esign}{:02}", exp.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(template: &str, v: impl Into<Scalar>) -> String {
        let pieces = parse_template(template).unwrap();
        let mut out = String::new();
        format_row(&pieces, &[v.into()], &mut out).unwrap();
        out
    }

    #[test]
    fn matches_cpython_on_hand_checked_cases() {
        // Each expected string is what CPython 3 prints for `template % value`.
        assert_eq!(f("%.18e", 1.0), "1.000000000000000000e+00");
        assert_eq!(f("%g", 1e-5), "1e-05");
        assert_eq!(f("%g", 123456789.0), "1.23457e+08");
        assert_eq!(f("%g", 0.0001), "0.0001");
        assert_eq!(f("%#g", 1.0), "1.00000");
        assert_eq!(f("%08.3f", -3.25159), "-003.252");
        assert_eq!(f("%-6d|", 42i64), "42    |");
        assert_eq!(f("%#x", 255i64), "0xff");
        assert_eq!(f("%05f", f64::NAN), "00nan");
        assert_eq!(f("%s", 1e16), "1e+16");
        assert_eq!(f("%s", 0.1f32), "0.1");
        assert_eq!(f("%s", 100.0), "100.0");
        assert_eq!(f("%.3d", 7i64), "007");
        assert_eq!(f("100%% %d", 1i64), "100% 1");
    }

    #[test]
    fn refuses_bad_templates() {
        for t in ["%", "%q", "%.", "%99999999999d"] {
            assert!(parse_template(t).is_err(), "{t}");
        }
        let pieces = parse_template("%d").unwrap();
        assert!(format_row(&pieces, &[Scalar::F64(f64::NAN)], &mut String::new()).is_err());
    }
}
