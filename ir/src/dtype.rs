//! Element types, type promotion (NumPy 2 / NEP 50) and casting rules.
//!
//! This module is the single source of truth for "what dtype does this operation produce" and
//! "may this value be cast to that type". The eager array library and the lazy graph both call
//! it, so eager and lazy results always have the same dtype.
//!
//! Invariants:
//! 1. [`promote_types`] is commutative and `promote_types(t, t) == t`.
//! 2. [`can_cast`] with [`Casting::Safe`] is true exactly when `promote_types(from, to) == to`.
//! 3. A weak operand (a Rust scalar, NEP 50) never widens a strong operand of the same kind.

use std::fmt;
use std::str::FromStr;

/// The element type of an array.
///
/// `Display` prints the short token of the IR text form (`f64`); [`DType::name`] gives NumPy's
/// name (`float64`).
///
/// ```
/// use numfuse_ir::DType;
/// assert_eq!(DType::F32.to_string(), "f32");
/// assert_eq!(DType::F32.name(), "float32");
/// assert_eq!(DType::I16.itemsize(), 2);
/// assert_eq!("float64".parse::<DType>().unwrap(), DType::F64);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    /// Boolean, one byte holding 0 or 1.
    Bool,
    /// Signed 8-bit integer.
    I8,
    /// Signed 16-bit integer.
    I16,
    /// Signed 32-bit integer.
    I32,
    /// Signed 64-bit integer (NumPy's default integer).
    I64,
    /// Unsigned 8-bit integer.
    U8,
    /// Unsigned 16-bit integer.
    U16,
    /// Unsigned 32-bit integer.
    U32,
    /// Unsigned 64-bit integer.
    U64,
    /// IEEE 754 single precision.
    F32,
    /// IEEE 754 double precision (NumPy's default float).
    F64,
}

/// The kind of a dtype, ordered as NumPy orders kinds for `same_kind` casting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `b`: booleans.
    Bool,
    /// `u`: unsigned integers.
    Unsigned,
    /// `i`: signed integers.
    Signed,
    /// `f`: floating point.
    Float,
}

impl DType {
    /// Every dtype, in NumPy's `np.typecodes` order of kinds.
    pub const ALL: [DType; 11] = [
        DType::Bool,
        DType::I8,
        DType::I16,
        DType::I32,
        DType::I64,
        DType::U8,
        DType::U16,
        DType::U32,
        DType::U64,
        DType::F32,
        DType::F64,
    ];

    /// Size of one element in bytes.
    pub const fn itemsize(self) -> usize {
        match self {
            DType::Bool | DType::I8 | DType::U8 => 1,
            DType::I16 | DType::U16 => 2,
            DType::I32 | DType::U32 | DType::F32 => 4,
            DType::I64 | DType::U64 | DType::F64 => 8,
        }
    }

    /// The kind: bool, unsigned, signed or float.
    pub const fn kind(self) -> Kind {
        match self {
            DType::Bool => Kind::Bool,
            DType::U8 | DType::U16 | DType::U32 | DType::U64 => Kind::Unsigned,
            DType::I8 | DType::I16 | DType::I32 | DType::I64 => Kind::Signed,
            DType::F32 | DType::F64 => Kind::Float,
        }
    }

    /// True for `f32` and `f64`.
    pub const fn is_float(self) -> bool {
        matches!(self.kind(), Kind::Float)
    }

    /// True for the signed and unsigned integer types (not bool).
    pub const fn is_integer(self) -> bool {
        matches!(self.kind(), Kind::Signed | Kind::Unsigned)
    }

    /// True for the signed integer types.
    pub const fn is_signed(self) -> bool {
        matches!(self.kind(), Kind::Signed)
    }

    /// True for the unsigned integer types.
    pub const fn is_unsigned(self) -> bool {
        matches!(self.kind(), Kind::Unsigned)
    }

    /// True for `bool`.
    pub const fn is_bool(self) -> bool {
        matches!(self, DType::Bool)
    }

    /// NumPy's name: `bool`, `int8`, ..., `float64`.
    pub const fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I8 => "int8",
            DType::I16 => "int16",
            DType::I32 => "int32",
            DType::I64 => "int64",
            DType::U8 => "uint8",
            DType::U16 => "uint16",
            DType::U32 => "uint32",
            DType::U64 => "uint64",
            DType::F32 => "float32",
            DType::F64 => "float64",
        }
    }

    /// The short token used by the IR text form: `bool`, `i8`, ..., `f64`.
    pub const fn token(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I8 => "i8",
            DType::I16 => "i16",
            DType::I32 => "i32",
            DType::I64 => "i64",
            DType::U8 => "u8",
            DType::U16 => "u16",
            DType::U32 => "u32",
            DType::U64 => "u64",
            DType::F32 => "f32",
            DType::F64 => "f64",
        }
    }

    /// NumPy's one-character type code (`np.dtype(t).char`), as used by `np.add.types`.
    pub const fn char(self) -> char {
        match self {
            DType::Bool => '?',
            DType::I8 => 'b',
            DType::I16 => 'h',
            DType::I32 => 'i',
            DType::I64 => 'l',
            DType::U8 => 'B',
            DType::U16 => 'H',
            DType::U32 => 'I',
            DType::U64 => 'L',
            DType::F32 => 'f',
            DType::F64 => 'd',
        }
    }

    /// The array-protocol type string in little-endian order (`<f8`), as `.npy` headers use.
    pub const fn descr(self) -> &'static str {
        match self {
            DType::Bool => "|b1",
            DType::I8 => "|i1",
            DType::I16 => "<i2",
            DType::I32 => "<i4",
            DType::I64 => "<i8",
            DType::U8 => "|u1",
            DType::U16 => "<u2",
            DType::U32 => "<u4",
            DType::U64 => "<u8",
            DType::F32 => "<f4",
            DType::F64 => "<f8",
        }
    }

    /// The signed or unsigned integer type of `bytes` bytes.
    pub const fn int_of_size(bytes: usize, signed: bool) -> Option<DType> {
        Some(match (bytes, signed) {
            (1, true) => DType::I8,
            (2, true) => DType::I16,
            (4, true) => DType::I32,
            (8, true) => DType::I64,
            (1, false) => DType::U8,
            (2, false) => DType::U16,
            (4, false) => DType::U32,
            (8, false) => DType::U64,
            _ => return None,
        })
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.token())
    }
}

/// The error of parsing a dtype name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownDType(pub String);

impl fmt::Display for UnknownDType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "data type {:?} not understood", self.0)
    }
}

impl std::error::Error for UnknownDType {}

impl FromStr for DType {
    type Err = UnknownDType;

    /// Accepts the text-form tokens (`f64`), NumPy's names (`float64`), the one-character codes
    /// (`d`) and the platform aliases NumPy uses (`int` = int64, `float` = float64, `double`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let found = DType::ALL
            .into_iter()
            .find(|t| s == t.token() || s == t.name() || s.len() == 1 && s.starts_with(t.char()));
        if let Some(t) = found {
            return Ok(t);
        }
        Ok(match s {
            "bool_" | "b1" | "?" => DType::Bool,
            "int" | "int_" | "intp" | "long" | "q" => DType::I64,
            "uint" | "uintp" | "ulong" | "Q" => DType::U64,
            "float" | "double" | "float_" => DType::F64,
            "single" => DType::F32,
            "i1" => DType::I8,
            "i2" => DType::I16,
            "i4" => DType::I32,
            "u1" => DType::U8,
            "u2" => DType::U16,
            "u4" => DType::U32,
            "f4" => DType::F32,
            "f8" => DType::F64,
            _ => return Err(UnknownDType(s.to_string())),
        })
    }
}

/// The smallest dtype both `a` and `b` can be cast to safely (`np.promote_types`).
///
/// ```
/// use numfuse_ir::{DType, promote_types};
/// assert_eq!(promote_types(DType::I8, DType::U8), DType::I16);
/// assert_eq!(promote_types(DType::I64, DType::U64), DType::F64);
/// assert_eq!(promote_types(DType::U16, DType::F32), DType::F32);
/// assert_eq!(promote_types(DType::I32, DType::F32), DType::F64);
/// ```
pub const fn promote_types(a: DType, b: DType) -> DType {
    use Kind::*;
    let (ka, kb) = (a.kind(), b.kind());
    let (sa, sb) = (a.itemsize(), b.itemsize());
    match (ka, kb) {
        _ if a as u8 == b as u8 => a,
        (Bool, _) => b,
        (_, Bool) => a,
        (Float, Float) | (Signed, Signed) | (Unsigned, Unsigned) => {
            if sa >= sb {
                a
            } else {
                b
            }
        }
        (Signed, Unsigned) => mixed_int(sa, sb),
        (Unsigned, Signed) => mixed_int(sb, sa),
        (Float, _) => float_for_int(a, sb),
        (_, Float) => float_for_int(b, sa),
    }
}

/// Promotion of a signed integer of `signed` bytes with an unsigned one of `unsigned` bytes.
const fn mixed_int(signed: usize, unsigned: usize) -> DType {
    if signed > unsigned {
        int_or_f64(signed, true)
    } else {
        int_or_f64(unsigned * 2, true)
    }
}

const fn int_or_f64(bytes: usize, signed: bool) -> DType {
    match DType::int_of_size(bytes, signed) {
        Some(t) => t,
        None => DType::F64,
    }
}

/// The float type at least as wide as `float` that holds every integer of `int_bytes` bytes.
const fn float_for_int(float: DType, int_bytes: usize) -> DType {
    if int_bytes <= 2 { float } else { DType::F64 }
}

/// How permissive a cast may be (NumPy's `casting=` argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Casting {
    /// Only identical types.
    No,
    /// Only identical types (byte order does not exist here, so the same as `No`).
    Equiv,
    /// Only casts that preserve every value.
    Safe,
    /// Safe casts, or casts within a kind (`f64 -> f32`, `i64 -> i8`), or up the kind order
    /// bool < unsigned < signed < float.
    SameKind,
    /// Any cast. NumPy's default for `astype`.
    #[default]
    Unsafe,
}

impl Casting {
    /// NumPy's spelling: `no`, `equiv`, `safe`, `same_kind`, `unsafe`.
    pub const fn name(self) -> &'static str {
        match self {
            Casting::No => "no",
            Casting::Equiv => "equiv",
            Casting::Safe => "safe",
            Casting::SameKind => "same_kind",
            Casting::Unsafe => "unsafe",
        }
    }
}

/// Whether a cast from `from` to `to` is allowed under `casting` (`np.can_cast`).
///
/// ```
/// use numfuse_ir::{Casting, DType, can_cast};
/// assert!(can_cast(DType::I64, DType::F64, Casting::Safe));
/// assert!(!can_cast(DType::F64, DType::F32, Casting::Safe));
/// assert!(can_cast(DType::F64, DType::F32, Casting::SameKind));
/// assert!(!can_cast(DType::F64, DType::I64, Casting::SameKind));
/// ```
pub const fn can_cast(from: DType, to: DType, casting: Casting) -> bool {
    let safe = promote_types(from, to) as u8 == to as u8;
    match casting {
        Casting::No | Casting::Equiv => from as u8 == to as u8,
        Casting::Safe => safe,
        Casting::SameKind => safe || from.kind() as u8 <= to.kind() as u8,
        Casting::Unsafe => true,
    }
}

/// An operand of type resolution: an array with a dtype, or a weakly typed scalar (NEP 50).
///
/// Rust literals that the user writes next to an array are weak: `f32_array * 2.0` stays `f32`
/// and `u8_array + 1` stays `u8`, as Python scalars do in NumPy 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operand {
    /// An array (or typed scalar) whose dtype takes part in promotion at full strength.
    Strong(DType),
    /// A weakly typed scalar of the given kind (`Bool`, `Signed` for integers, `Float`).
    Weak(Kind),
}

impl From<DType> for Operand {
    fn from(t: DType) -> Self {
        Operand::Strong(t)
    }
}

/// The dtype of an operation over `operands` under NEP 50 (`np.result_type`).
///
/// Strong dtypes promote with [`promote_types`]. A weak scalar takes the dtype of the strong
/// operands when its kind fits in them, and otherwise the default type of its kind (`i64` for
/// integers, `f64` for floats). With no strong operand at all, weak scalars give the default
/// types (`bool`, `i64`, `f64`). Returns `None` for an empty list.
///
/// ```
/// use numfuse_ir::{DType, Kind, Operand, result_type};
/// let weak_float = Operand::Weak(Kind::Float);
/// assert_eq!(result_type(&[DType::F32.into(), weak_float]), Some(DType::F32));
/// assert_eq!(result_type(&[DType::I8.into(), weak_float]), Some(DType::F64));
/// assert_eq!(result_type(&[DType::U8.into(), Operand::Weak(Kind::Signed)]), Some(DType::U8));
/// ```
pub fn result_type(operands: &[Operand]) -> Option<DType> {
    let mut strong: Option<DType> = None;
    let mut weak: Option<Kind> = None;
    for op in operands {
        match *op {
            Operand::Strong(t) => strong = Some(strong.map_or(t, |s| promote_types(s, t))),
            Operand::Weak(k) => weak = Some(weak.map_or(k, |w| w.max(k))),
        }
    }
    let weak_default = |k: Kind| match k {
        Kind::Bool => DType::Bool,
        Kind::Unsigned | Kind::Signed => DType::I64,
        Kind::Float => DType::F64,
    };
    match (strong, weak) {
        (None, None) => None,
        (Some(s), None) => Some(s),
        (None, Some(w)) => Some(weak_default(w)),
        (Some(s), Some(w)) => {
            // The weak operand fits if its kind is not above the strong one's; unsigned and
            // signed integers count as one kind here (a Rust integer next to a u8 array is u8).
            let strong_kind = match s.kind() {
                Kind::Unsigned => Kind::Signed,
                k => k,
            };
            let weak_kind = match w {
                Kind::Unsigned => Kind::Signed,
                k => k,
            };
            if weak_kind <= strong_kind {
                Some(s)
            } else {
                Some(promote_types(s, weak_default(w)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promotion_is_commutative_and_idempotent() {
        for a in DType::ALL {
            assert_eq!(promote_types(a, a), a);
            for b in DType::ALL {
                assert_eq!(promote_types(a, b), promote_types(b, a), "{a} {b}");
            }
        }
    }

    #[test]
    fn safe_cast_matches_promotion() {
        for a in DType::ALL {
            for b in DType::ALL {
                assert_eq!(can_cast(a, b, Casting::Safe), promote_types(a, b) == b);
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for t in DType::ALL {
            assert_eq!(t.name().parse::<DType>(), Ok(t));
            assert_eq!(t.token().parse::<DType>(), Ok(t));
            assert_eq!(t.char().to_string().parse::<DType>(), Ok(t));
        }
        assert!("float16".parse::<DType>().is_err());
    }

    #[test]
    fn weak_scalars() {
        let wi = Operand::Weak(Kind::Signed);
        let wf = Operand::Weak(Kind::Float);
        let wb = Operand::Weak(Kind::Bool);
        assert_eq!(result_type(&[DType::Bool.into(), wi]), Some(DType::I64));
        assert_eq!(result_type(&[DType::Bool.into(), wb]), Some(DType::Bool));
        assert_eq!(result_type(&[DType::U16.into(), wf]), Some(DType::F64));
        assert_eq!(result_type(&[DType::F32.into(), wi]), Some(DType::F32));
        assert_eq!(result_type(&[wi, wf]), Some(DType::F64));
        assert_eq!(result_type(&[]), None);
    }
}
