//! Display like NumPy's `repr` (and, with `{:#}`, like `print`/`str`).
//!
//! The rules are NumPy 2's `array_repr` with default print options: line width 75, precision 8
//! in `maxprec` mode, summarisation with 3 edge items above 1000 elements, `dtype=` shown unless
//! it is float64, int64 or bool, and `shape=` shown for summarised or oddly shaped empty arrays.
//! Floats switch to scientific notation when the largest magnitude is at least 1e8, or the
//! smallest non-zero one is below 1e-4, or their ratio exceeds 1000.

use super::Array;
use super::element::Element;
use crate::ir::{DType, ShapeDisplay};
use std::fmt;

const LINE_WIDTH: usize = 75;
const THRESHOLD: usize = 1000;
const EDGE: usize = 3;
const PRECISION: usize = 8;

impl fmt::Display for Array {
    /// `{}` prints NumPy's `repr(a)`; `{:#}` prints NumPy's `str(a)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&if f.alternate() {
            array_str(self)
        } else {
            array_repr(self)
        })
    }
}

/// NumPy's `repr`.
fn array_repr(a: &Array) -> String {
    let prefix = "array(";
    let summarise = a.size() > THRESHOLD;
    let body = if a.size() == 0 && a.ndim() > 0 {
        "[]".to_string()
    } else {
        format_array(
            a,
            ", ",
            &" ".repeat(prefix.len() + 1),
            LINE_WIDTH - 1,
            summarise,
        )
    };
    let mut extras = Vec::new();
    if summarise || (a.size() == 0 && a.shape() != [0]) {
        extras.push(format!("shape={}", ShapeDisplay(a.shape())));
    }
    let default_dtype = matches!(a.dtype(), DType::F64 | DType::I64 | DType::Bool);
    if !default_dtype || a.size() == 0 {
        extras.push(format!("dtype={}", a.dtype().name()));
    }
    if extras.is_empty() {
        return format!("{prefix}{body})");
    }
    let head = format!("{prefix}{body},");
    let extra = format!("{})", extras.join(", "));
    let last_line = head.len() - head.rfind('\n').map_or(0, |i| i + 1);
    let spacer = if last_line + extra.len() + 1 > LINE_WIDTH {
        format!("\n{}", " ".repeat(prefix.len()))
    } else {
        " ".to_string()
    };
    format!("{head}{spacer}{extra}")
}

/// NumPy's `str`.
fn array_str(a: &Array) -> String {
    if a.ndim() == 0 {
        // NumPy prints a 0-d array as `str` of its scalar: Python's float repr (`3.0`, not `3.`).
        return a.get(&[]).map(|v| v.to_string()).unwrap_or_default();
    }
    if a.size() == 0 {
        return "[]".to_string();
    }
    format_array(a, " ", " ", LINE_WIDTH, a.size() > THRESHOLD)
}

/// The bracketed body, elements formatted to a common width.
fn format_array(a: &Array, sep: &str, indent: &str, width: usize, summarise: bool) -> String {
    let words = crate::dispatch!(a.dtype(), T => element_words::<T>(a, summarise));
    if a.ndim() == 0 {
        return words.into_iter().next().unwrap_or_default();
    }
    let mut it = words.into_iter();
    let mut next = || it.next().unwrap_or_default();
    let mut ctx = Ctx {
        shape: a.shape(),
        sep,
        summarise,
        next: &mut next,
    };
    ctx.recurse(0, indent, width)
}

struct Ctx<'a> {
    shape: &'a [usize],
    sep: &'a str,
    summarise: bool,
    next: &'a mut dyn FnMut() -> String,
}

impl Ctx<'_> {
    /// Positions shown along `axis`: all of them, or `EDGE` from each end with `...` between.
    fn shown(&self, axis: usize) -> (usize, bool) {
        let len = self.shape[axis];
        if self.summarise && len > 2 * EDGE {
            (2 * EDGE, true)
        } else {
            (len, false)
        }
    }

    fn recurse(&mut self, axis: usize, hanging: &str, width: usize) -> String {
        if axis == self.shape.len() {
            return (self.next)();
        }
        let next_hanging = format!("{hanging} ");
        let next_width = width - 1;
        let (count, gap) = self.shown(axis);
        let axes_left = self.shape.len() - axis;
        let mut s = String::new();
        if axes_left == 1 {
            let sep_trim = self.sep.trim_end().len().max(1);
            let elem_width = width - sep_trim;
            let mut line = hanging.to_string();
            for i in 0..count {
                if gap && i == EDGE {
                    extend_line(&mut s, &mut line, "...", elem_width, hanging);
                    line.push_str(self.sep);
                }
                let word = self.recurse(axis + 1, &next_hanging, next_width);
                let w = if i + 1 == count {
                    width - 1
                } else {
                    elem_width
                };
                extend_line(&mut s, &mut line, &word, w, hanging);
                if i + 1 < count {
                    line.push_str(self.sep);
                }
            }
            s.push_str(&line);
        } else {
            let line_sep = format!("{}{}", self.sep.trim_end(), "\n".repeat(axes_left - 1));
            for i in 0..count {
                if gap && i == EDGE {
                    s.push_str(hanging);
                    s.push_str("...");
                    s.push_str(&line_sep);
                }
                let nested = self.recurse(axis + 1, &next_hanging, next_width);
                s.push_str(hanging);
                s.push_str(&nested);
                if i + 1 < count {
                    s.push_str(&line_sep);
                }
            }
        }
        format!("[{}]", &s[hanging.len()..])
    }
}

fn extend_line(s: &mut String, line: &mut String, word: &str, width: usize, hanging: &str) {
    let needs_wrap = line.len() + word.len() > width && line.len() > hanging.len();
    if needs_wrap {
        s.push_str(line.trim_end());
        s.push('\n');
        *line = hanging.to_string();
    }
    line.push_str(word);
}

/// The shown elements in C order, formatted to a common width.
fn element_words<T: Element>(a: &Array, summarise: bool) -> Vec<String> {
    let values = shown_values::<T>(a, summarise);
    match T::DTYPE {
        DType::F32 | DType::F64 => {
            let vals: Vec<f64> = values.iter().map(|v| v.to_f64()).collect();
            FloatFormat::new(&vals, T::DTYPE == DType::F32).format_all(&vals)
        }
        // NumPy pads True to the width of False inside arrays, even when no False is shown.
        DType::Bool => values
            .iter()
            .map(|v| match (v.to_u64() != 0, a.ndim()) {
                (true, 0) => "True".to_string(),
                (true, _) => " True".to_string(),
                (false, _) => "False".to_string(),
            })
            .collect(),
        _ => {
            let w: Vec<String> = values
                .iter()
                .map(|v| {
                    if T::DTYPE.is_signed() {
                        v.to_i64().to_string()
                    } else {
                        v.to_u64().to_string()
                    }
                })
                .collect();
            pad_left_all(w)
        }
    }
}

fn pad_left_all(words: Vec<String>) -> Vec<String> {
    let w = words.iter().map(|s| s.len()).max().unwrap_or(0);
    words.into_iter().map(|s| format!("{s:>w$}")).collect()
}

/// The elements that the summarised print shows, in C order.
fn shown_values<T: Element>(a: &Array, summarise: bool) -> Vec<T> {
    let view = a.view::<T>().expect("dispatched on the dtype");
    if !summarise {
        return view.to_vec();
    }
    let positions: Vec<Vec<usize>> = a
        .shape()
        .iter()
        .map(|&n| {
            if n > 2 * EDGE {
                (0..EDGE).chain(n - EDGE..n).collect()
            } else {
                (0..n).collect()
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut idx = vec![0usize; a.ndim()];
    loop {
        let index: Vec<usize> = idx.iter().zip(&positions).map(|(&i, p)| p[i]).collect();
        out.push(*view.get(&index).expect("in bounds"));
        let mut d = a.ndim();
        loop {
            if d == 0 {
                return out;
            }
            d -= 1;
            idx[d] += 1;
            if idx[d] < positions[d].len() {
                break;
            }
            idx[d] = 0;
        }
    }
}

/// NumPy's `FloatingFormat` in `maxprec` mode.
struct FloatFormat {
    exp: bool,
    f32: bool,
    pad_left: usize,
    pad_right: usize,
    precision: usize,
    exp_size: usize,
}

/// Shortest round-trip digits of `v` (as f32 when `f32`) in scientific form: (mantissa digits
/// without the point, decimal exponent), e.g. 0.25 -> ("25", -1).
fn shortest_sci(v: f64, f32: bool, max_frac: Option<usize>) -> (String, i32) {
    let s = match (f32, max_frac) {
        (true, None) => format!("{:e}", v as f32),
        (false, None) => format!("{v:e}"),
        (true, Some(p)) => format!("{:.p$e}", v as f32),
        (false, Some(p)) => format!("{v:.p$e}"),
    };
    let (mant, exp) = s.split_once('e').expect("scientific format");
    let digits: String = mant.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    (digits.to_string(), exp.parse().expect("exponent"))
}

/// Dragon4-style positional digits: shortest unique, at most `PRECISION` fractional digits,
/// trailing zeros trimmed, the point kept ("1.", "0.25"). Returns (integer part, fraction).
fn positional(v: f64, f32: bool) -> (String, String) {
    let neg = v.is_sign_negative();
    let (mut digits, mut exp) = shortest_sci(v.abs(), f32, None);
    let frac_len = (digits.len() as i32 - 1 - exp).max(0) as usize;
    if frac_len > PRECISION {
        let s = if f32 {
            format!("{:.PRECISION$}", v.abs() as f32)
        } else {
            format!("{:.PRECISION$}", v.abs())
        };
        let (i, f) = s.split_once('.').expect("fixed format");
        let f = f.trim_end_matches('0');
        let int = if neg { format!("-{i}") } else { i.to_string() };
        return (int, f.to_string());
    }
    if digits == "0" {
        exp = 0;
    }
    // Place the point.
    let (int, frac) = if exp < 0 {
        (
            "0".to_string(),
            format!("{}{}", "0".repeat((-exp - 1) as usize), digits),
        )
    } else {
        let e = exp as usize;
        if digits.len() <= e + 1 {
            digits.push_str(&"0".repeat(e + 1 - digits.len()));
            (digits, String::new())
        } else {
            (digits[..=e].to_string(), digits[e + 1..].to_string())
        }
    };
    let int = if neg { format!("-{int}") } else { int };
    (int, frac)
}

impl FloatFormat {
    fn new(vals: &[f64], f32: bool) -> FloatFormat {
        let finite: Vec<f64> = vals.iter().copied().filter(|v| v.is_finite()).collect();
        let nonzero: Vec<f64> = finite
            .iter()
            .map(|v| v.abs())
            .filter(|&v| v != 0.0)
            .collect();
        let mut exp = false;
        if !nonzero.is_empty() {
            let max = nonzero.iter().copied().fold(f64::MIN, f64::max);
            let min = nonzero.iter().copied().fold(f64::MAX, f64::min);
            exp = max >= 1e8 || min < 1e-4 || max / min > 1e3;
        }
        let mut ff = FloatFormat {
            exp,
            f32,
            pad_left: 0,
            pad_right: 0,
            precision: 0,
            exp_size: 0,
        };
        if finite.is_empty() {
            ff.pad_left = 0;
            ff.pad_right = 0;
        } else if exp {
            let parts: Vec<(String, i32)> = finite
                .iter()
                .map(|&v| {
                    let (d, e) = shortest_sci(v.abs(), f32, None);
                    if d.len() > PRECISION + 1 {
                        shortest_sci(v.abs(), f32, Some(PRECISION))
                    } else {
                        (d, e)
                    }
                })
                .collect();
            ff.precision = parts.iter().map(|(d, _)| d.len() - 1).max().unwrap_or(0);
            ff.exp_size = parts
                .iter()
                .map(|(_, e)| e.unsigned_abs().to_string().len().max(2))
                .max()
                .unwrap_or(2);
            ff.pad_left = if finite.iter().any(|v| v.is_sign_negative()) {
                2
            } else {
                1
            };
            ff.pad_right = ff.exp_size + 2 + ff.precision;
        } else {
            for &v in &finite {
                let (i, f) = positional(v, f32);
                ff.pad_left = ff.pad_left.max(i.len());
                ff.pad_right = ff.pad_right.max(f.len());
            }
        }
        if finite.len() != vals.len() {
            let neginf = vals.contains(&f64::NEG_INFINITY) as usize;
            let offset = ff.pad_right + 1;
            ff.pad_left = ff
                .pad_left
                .max(3usize.saturating_sub(offset))
                .max((3 + neginf).saturating_sub(offset));
        }
        ff
    }

    fn format_all(&self, vals: &[f64]) -> Vec<String> {
        vals.iter().map(|&v| self.format(v)).collect()
    }

    fn format(&self, v: f64) -> String {
        let width = self.pad_left + self.pad_right + 1;
        if v.is_nan() {
            return format!("{:>width$}", "nan");
        }
        if v.is_infinite() {
            return format!("{:>width$}", if v < 0.0 { "-inf" } else { "inf" });
        }
        if self.exp {
            let (d, e) = shortest_sci(v.abs(), self.f32, None);
            let (d, e) = if d.len() > PRECISION + 1 {
                shortest_sci(v.abs(), self.f32, Some(PRECISION))
            } else {
                (d, e)
            };
            let sign = if v.is_sign_negative() { "-" } else { "" };
            let frac = format!("{}{}", &d[1..], "0".repeat(self.precision + 1 - d.len()));
            let es = if e < 0 { '-' } else { '+' };
            let int = format!("{sign}{}", &d[..1]);
            format!(
                "{int:>pl$}.{frac}e{es}{:0>w$}",
                e.unsigned_abs(),
                pl = self.pad_left,
                w = self.exp_size
            )
        } else {
            let (i, f) = positional(v, self.f32);
            format!("{i:>pl$}.{f:<pr$}", pl = self.pad_left, pr = self.pad_right)
        }
    }
}

/// Python's `repr(float)`: shortest round-trip digits, positional for 1e-4 <= |v| < 1e16.
/// NumPy 2.3+ prints float32 scalars the same way but switches to scientific from 1e6 up
/// (numpy/numpy#28679: `str(np.float32(1e6)) == '1e+06'`).
pub(crate) fn format_float_repr(v: f64, f32: bool) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v < 0.0 { "-inf".into() } else { "inf".into() };
    }
    let a = v.abs();
    let upper = if f32 { 1e6 } else { 1e16 };
    if a != 0.0 && !(1e-4..upper).contains(&a) {
        let (d, e) = shortest_sci(a, f32, None);
        let sign = if v.is_sign_negative() { "-" } else { "" };
        let mant = if d.len() > 1 {
            format!("{}.{}", &d[..1], &d[1..])
        } else {
            d
        };
        let es = if e < 0 { '-' } else { '+' };
        return format!("{sign}{mant}e{es}{:02}", e.unsigned_abs());
    }
    let s = if f32 {
        format!("{}", v as f32)
    } else {
        format!("{v}")
    };
    if s.contains('.') { s } else { format!("{s}.0") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::Order;

    fn repr(a: &Array) -> String {
        a.to_string()
    }

    #[test]
    fn seed_matrix() {
        let a = Array::arange(12.0, DType::F64).reshape(&[3, 4]).unwrap();
        assert_eq!(
            repr(&a),
            "array([[ 0.,  1.,  2.,  3.],\n       [ 4.,  5.,  6.,  7.],\n       [ 8.,  9., 10., 11.]])"
        );
        assert_eq!(
            format!("{a:#}"),
            "[[ 0.  1.  2.  3.]\n [ 4.  5.  6.  7.]\n [ 8.  9. 10. 11.]]"
        );
    }

    #[test]
    fn floats() {
        assert_eq!(
            repr(&Array::from_slice(&[0.5, 0.25])),
            "array([0.5 , 0.25])"
        );
        assert_eq!(
            repr(&Array::from_slice(&[1e-5, 1.0])),
            "array([1.e-05, 1.e+00])"
        );
        assert_eq!(
            repr(&Array::from_slice(&[1.5, f64::NAN, f64::INFINITY])),
            "array([1.5, nan, inf])"
        );
        assert_eq!(repr(&Array::scalar(3.0)), "array(3.)");
        assert_eq!(
            repr(&Array::from_slice(&[1.0f32 / 3.0])),
            "array([0.33333334], dtype=float32)"
        );
        assert_eq!(repr(&Array::from_slice(&[-1.0, 2.0])), "array([-1.,  2.])");
    }

    #[test]
    fn ints_bools_and_empty() {
        assert_eq!(
            repr(&Array::from_slice(&[true, false])),
            "array([ True, False])"
        );
        assert_eq!(
            repr(&Array::zeros(&[0], DType::F32)),
            "array([], dtype=float32)"
        );
        assert_eq!(
            repr(&Array::zeros(&[0, 3], DType::F64)),
            "array([], shape=(0, 3), dtype=float64)"
        );
        assert_eq!(
            repr(&Array::zeros(&[2, 2, 2], DType::I8)),
            "array([[[0, 0],\n        [0, 0]],\n\n       [[0, 0],\n        [0, 0]]], dtype=int8)"
        );
    }

    #[test]
    fn summarised_and_wrapped() {
        assert_eq!(
            repr(&Array::arange(2000.0, DType::I64)),
            "array([   0,    1,    2, ..., 1997, 1998, 1999], shape=(2000,))"
        );
        let a = Array::arange(30.0, DType::F64).copy_order(Order::C);
        let s = repr(&a);
        assert!(s.starts_with("array([ 0.,  1.,"), "{s}");
        assert!(s.lines().all(|l| l.len() <= LINE_WIDTH), "{s}");
    }

    #[test]
    fn python_float_repr() {
        assert_eq!(format_float_repr(1.0, false), "1.0");
        assert_eq!(format_float_repr(0.1, false), "0.1");
        assert_eq!(format_float_repr(1e-5, false), "1e-05");
        assert_eq!(format_float_repr(1.5e20, false), "1.5e+20");
        assert_eq!(format_float_repr(-2.5, false), "-2.5");
        assert_eq!(format_float_repr(999999.0, true), "999999.0");
        assert_eq!(format_float_repr(-1e6, true), "-1e+06");
        assert_eq!(format_float_repr(1e6, false), "1000000.0");
    }

    #[test]
    fn str_of_0d_is_str_of_the_scalar() {
        assert_eq!(format!("{:#}", Array::scalar(3.0)), "3.0");
        assert_eq!(format!("{}", Array::scalar(3.0)), "array(3.)");
        assert_eq!(format!("{:#}", Array::scalar(1e10f32)), "1e+10");
        assert_eq!(format!("{:#}", Array::scalar(7u8)), "7");
    }
}
