//! The elementwise op set shared by eager ufuncs and the lazy graph: names, arity, NumPy's type
//! loops (`np.add.types`) and type resolution.
//!
//! Every loop here is homogeneous: all inputs have one dtype `T` and the output is `T` or `bool`.
//! Resolution is NumPy's linear search: each operand gets a dtype (a weak scalar takes the dtype
//! NEP 50 gives it next to the strong operands), and the first loop, in NumPy's order, that every
//! operand casts to safely wins. Two NumPy special cases are kept: `divide` of integers or bools
//! is always float64, and `negative`, `positive` and `sign` refuse bool. numfuse has no float16,
//! so where NumPy would pick an `e` loop (int8 into `sqrt`), numfuse picks `f`.
//!
//! Invariants:
//! 1. `loops()` lists input dtypes in NumPy's order (`? b B h H i I l L f d`), each once.
//! 2. `resolve` returns a loop from `loops()` or an error; it never invents a loop.

use crate::dtype::{Casting, DType, Operand, can_cast, result_type};
use std::fmt;

/// Which input dtypes an op has loops for, and what it returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// bool, integers, floats -> same type.
    All,
    /// integers and floats -> same type.
    Numeric,
    /// floats -> same type.
    Float,
    /// bool and integers -> same type.
    IntBool,
    /// integers -> same type.
    Int,
    /// bool, integers, floats -> bool.
    Predicate,
}

const ALL_ORDER: [DType; 11] = [
    DType::Bool,
    DType::I8,
    DType::U8,
    DType::I16,
    DType::U16,
    DType::I32,
    DType::U32,
    DType::I64,
    DType::U64,
    DType::F32,
    DType::F64,
];

impl Family {
    fn loops(self) -> Vec<(DType, DType)> {
        let ins = ALL_ORDER.iter().copied().filter(|t| match self {
            Family::All | Family::Predicate => true,
            Family::Numeric => !t.is_bool(),
            Family::Float => t.is_float(),
            Family::IntBool => !t.is_float(),
            Family::Int => t.is_integer(),
        });
        ins.map(|t| {
            (
                t,
                if self == Family::Predicate {
                    DType::Bool
                } else {
                    t
                },
            )
        })
        .collect()
    }
}

/// An operation's input types had no loop (NumPy's `UFuncTypeError` / `TypeError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoLoop {
    /// The op's NumPy name.
    pub op: &'static str,
    /// The input dtypes that found no loop.
    pub inputs: Vec<DType>,
}

impl fmt::Display for NoLoop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<String> = self
            .inputs
            .iter()
            .map(|t| format!("dtype('{}')", t.name()))
            .collect();
        write!(
            f,
            "ufunc '{}' did not contain a loop with signature matching types ({}) -> None",
            self.op,
            names.join(", ")
        )
    }
}

macro_rules! ops {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $v:ident = ($np:literal, $fam:ident),)* }) => {
        $(#[$m])*
        $vis enum $name { $($(#[$vm])* $v,)* }
        impl $name {
            /// Every op of this arity.
            pub const ALL: &'static [$name] = &[$($name::$v,)*];
            /// NumPy's name for the ufunc (`add`, `sqrt`, ...), also its token in the text form.
            pub const fn name(self) -> &'static str {
                match self { $($name::$v => $np,)* }
            }
            const fn family(self) -> Family {
                match self { $($name::$v => Family::$fam,)* }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s { $($np => Ok($name::$v),)* _ => Err(format!("unknown op {s:?}")) }
            }
        }
    };
}

ops! {
    /// One-input ufuncs.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum UnaryOp {
        /// `-x`
        Negative = ("negative", Numeric),
        /// `+x` (a copy)
        Positive = ("positive", Numeric),
        /// `|x|`
        Absolute = ("absolute", All),
        /// -1, 0 or 1 (NaN for NaN)
        Sign = ("sign", Numeric),
        /// square root
        Sqrt = ("sqrt", Float),
        /// cube root
        Cbrt = ("cbrt", Float),
        /// `x*x`
        Square = ("square", Numeric),
        /// `1/x` (integer division for integers)
        Reciprocal = ("reciprocal", Numeric),
        /// `e^x`
        Exp = ("exp", Float),
        /// `2^x`
        Exp2 = ("exp2", Float),
        /// `e^x - 1`
        Expm1 = ("expm1", Float),
        /// natural logarithm
        Log = ("log", Float),
        /// base-2 logarithm
        Log2 = ("log2", Float),
        /// base-10 logarithm
        Log10 = ("log10", Float),
        /// `ln(1 + x)`
        Log1p = ("log1p", Float),
        /// sine
        Sin = ("sin", Float),
        /// cosine
        Cos = ("cos", Float),
        /// tangent
        Tan = ("tan", Float),
        /// inverse sine
        Arcsin = ("arcsin", Float),
        /// inverse cosine
        Arccos = ("arccos", Float),
        /// inverse tangent
        Arctan = ("arctan", Float),
        /// hyperbolic sine
        Sinh = ("sinh", Float),
        /// hyperbolic cosine
        Cosh = ("cosh", Float),
        /// hyperbolic tangent
        Tanh = ("tanh", Float),
        /// inverse hyperbolic sine
        Arcsinh = ("arcsinh", Float),
        /// inverse hyperbolic cosine
        Arccosh = ("arccosh", Float),
        /// inverse hyperbolic tangent
        Arctanh = ("arctanh", Float),
        /// round toward -inf
        Floor = ("floor", All),
        /// round toward +inf
        Ceil = ("ceil", All),
        /// round toward zero
        Trunc = ("trunc", All),
        /// round half to even
        Rint = ("rint", Float),
        /// NaN test
        IsNan = ("isnan", Predicate),
        /// infinity test
        IsInf = ("isinf", Predicate),
        /// finiteness test
        IsFinite = ("isfinite", Predicate),
        /// `not x`
        LogicalNot = ("logical_not", Predicate),
        /// bitwise not (`~x`)
        Invert = ("invert", IntBool),
    }
}

ops! {
    /// Two-input ufuncs.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum BinaryOp {
        /// `a + b` (logical or for bool)
        Add = ("add", All),
        /// `a - b`
        Subtract = ("subtract", Numeric),
        /// `a * b` (logical and for bool)
        Multiply = ("multiply", All),
        /// `a / b`, always a float
        TrueDivide = ("divide", Float),
        /// `a // b`, rounding toward -inf
        FloorDivide = ("floor_divide", Numeric),
        /// `a % b`, with the sign of `b`
        Remainder = ("remainder", Numeric),
        /// `a ** b`
        Power = ("power", Numeric),
        /// larger of two, NaN-propagating
        Maximum = ("maximum", All),
        /// smaller of two, NaN-propagating
        Minimum = ("minimum", All),
        /// larger of two, ignoring NaN
        Fmax = ("fmax", All),
        /// smaller of two, ignoring NaN
        Fmin = ("fmin", All),
        /// `atan2(a, b)`
        Arctan2 = ("arctan2", Float),
        /// `sqrt(a² + b²)`
        Hypot = ("hypot", Float),
        /// `|a|` with the sign of `b`
        Copysign = ("copysign", Float),
        /// C `fmod`: remainder with the sign of `a`
        Fmod = ("fmod", Numeric),
        /// `a == b`
        Equal = ("equal", Predicate),
        /// `a != b`
        NotEqual = ("not_equal", Predicate),
        /// `a < b`
        Less = ("less", Predicate),
        /// `a <= b`
        LessEqual = ("less_equal", Predicate),
        /// `a > b`
        Greater = ("greater", Predicate),
        /// `a >= b`
        GreaterEqual = ("greater_equal", Predicate),
        /// `a and b`
        LogicalAnd = ("logical_and", Predicate),
        /// `a or b`
        LogicalOr = ("logical_or", Predicate),
        /// `a xor b`
        LogicalXor = ("logical_xor", Predicate),
        /// `a & b`
        BitwiseAnd = ("bitwise_and", IntBool),
        /// `a | b`
        BitwiseOr = ("bitwise_or", IntBool),
        /// `a ^ b`
        BitwiseXor = ("bitwise_xor", IntBool),
        /// `a << b`
        LeftShift = ("left_shift", Int),
        /// `a >> b`
        RightShift = ("right_shift", Int),
    }
}

/// A resolved loop: the dtype every input is cast to, and the output dtype.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Loop {
    /// The dtype all inputs are converted to.
    pub input: DType,
    /// The dtype of the result.
    pub output: DType,
}

fn resolve_in(
    op: &'static str,
    loops: Vec<(DType, DType)>,
    operands: &[Operand],
) -> Result<Loop, NoLoop> {
    let no_loop = || NoLoop {
        op,
        inputs: operands
            .iter()
            .map(|o| match *o {
                Operand::Strong(t) => t,
                Operand::Weak(k) => result_type(&[Operand::Weak(k)]).unwrap_or(DType::F64),
            })
            .collect(),
    };
    let dtypes = operand_dtypes(operands).ok_or_else(no_loop)?;
    loops
        .into_iter()
        .find(|&(t, _)| dtypes.iter().all(|&d| can_cast(d, t, Casting::Safe)))
        .map(|(input, output)| Loop { input, output })
        .ok_or_else(no_loop)
}

/// The dtype each operand takes part in loop selection with: strong operands their own, weak
/// scalars the dtype NEP 50 gives them next to the strong operands.
fn operand_dtypes(operands: &[Operand]) -> Option<Vec<DType>> {
    let strong: Vec<Operand> = operands
        .iter()
        .copied()
        .filter(|o| matches!(o, Operand::Strong(_)))
        .collect();
    operands
        .iter()
        .map(|&o| match o {
            Operand::Strong(t) => Some(t),
            Operand::Weak(_) => {
                let mut with = strong.clone();
                with.push(o);
                result_type(&with)
            }
        })
        .collect()
}

fn type_strings(loops: Vec<(DType, DType)>, nin: usize) -> Vec<String> {
    loops
        .into_iter()
        .map(|(i, o)| format!("{}->{}", i.char().to_string().repeat(nin), o.char()))
        .collect()
}

impl UnaryOp {
    /// Number of inputs (1).
    pub const fn nin(self) -> usize {
        1
    }

    /// Number of outputs (1).
    pub const fn nout(self) -> usize {
        1
    }

    /// The (input, output) dtype loops, in NumPy's order.
    pub fn loops(self) -> Vec<(DType, DType)> {
        self.family().loops()
    }

    /// The number of loops (`np.sqrt.ntypes`, counting only numfuse's dtypes).
    pub fn ntypes(self) -> usize {
        self.loops().len()
    }

    /// The loops as NumPy prints them in `np.sqrt.types` (`"d->d"`).
    pub fn types(self) -> Vec<String> {
        type_strings(self.loops(), 1)
    }

    /// The loop NumPy would use for an input of this dtype or weak kind.
    ///
    /// # Errors
    /// [`NoLoop`] when no loop takes it (e.g. `negative` of bool).
    pub fn resolve(self, input: Operand) -> Result<Loop, NoLoop> {
        let l = resolve_in(self.name(), self.loops(), &[input])?;
        // NumPy refuses these on booleans outright rather than promoting to int8.
        let refuses_bool = matches!(self, UnaryOp::Negative | UnaryOp::Positive | UnaryOp::Sign);
        if refuses_bool && result_type(&[input]) == Some(DType::Bool) {
            return Err(NoLoop {
                op: self.name(),
                inputs: vec![DType::Bool],
            });
        }
        Ok(l)
    }

    /// True when the result is always bool.
    pub fn is_predicate(self) -> bool {
        self.family() == Family::Predicate
    }
}

impl BinaryOp {
    /// Number of inputs (2).
    pub const fn nin(self) -> usize {
        2
    }

    /// Number of outputs (1).
    pub const fn nout(self) -> usize {
        1
    }

    /// The (input, output) dtype loops, in NumPy's order.
    pub fn loops(self) -> Vec<(DType, DType)> {
        self.family().loops()
    }

    /// The number of loops (`np.add.ntypes`, counting only numfuse's dtypes).
    pub fn ntypes(self) -> usize {
        self.loops().len()
    }

    /// The loops as NumPy prints them in `np.add.types` (`"dd->d"`).
    ///
    /// ```
    /// use numfuse_ir::BinaryOp;
    /// let t = BinaryOp::Add.types();
    /// assert_eq!(t.first().map(String::as_str), Some("??->?"));
    /// assert_eq!(t.last().map(String::as_str), Some("dd->d"));
    /// ```
    pub fn types(self) -> Vec<String> {
        type_strings(self.loops(), 2)
    }

    /// The loop NumPy would use for these two operands (NEP 50: weak scalars take the array's
    /// type when they fit its kind).
    ///
    /// # Errors
    /// [`NoLoop`] when no loop takes them (e.g. `left_shift` of floats).
    ///
    /// ```
    /// use numfuse_ir::{BinaryOp, DType, Kind, Operand};
    /// let l = BinaryOp::Add.resolve(DType::I8.into(), DType::U8.into()).unwrap();
    /// assert_eq!(l.output, DType::I16);
    /// let l = BinaryOp::TrueDivide.resolve(DType::I64.into(), DType::I64.into()).unwrap();
    /// assert_eq!(l.output, DType::F64);
    /// let l = BinaryOp::Multiply.resolve(DType::F32.into(), Operand::Weak(Kind::Float)).unwrap();
    /// assert_eq!(l.output, DType::F32);
    /// ```
    pub fn resolve(self, a: Operand, b: Operand) -> Result<Loop, NoLoop> {
        // NumPy's true-division resolver: without a float operand, divide in float64.
        if self == BinaryOp::TrueDivide {
            let dtypes = operand_dtypes(&[a, b]).unwrap_or_default();
            if !dtypes.iter().any(|t| t.is_float()) {
                return Ok(Loop {
                    input: DType::F64,
                    output: DType::F64,
                });
            }
        }
        let l = resolve_in(self.name(), self.loops(), &[a, b])?;
        // NumPy refuses boolean subtraction outright rather than promoting to int8.
        if self == BinaryOp::Subtract && result_type(&[a, b]) == Some(DType::Bool) {
            return Err(NoLoop {
                op: self.name(),
                inputs: vec![DType::Bool, DType::Bool],
            });
        }
        Ok(l)
    }

    /// True when the result is always bool (comparisons and logical ops).
    pub fn is_predicate(self) -> bool {
        self.family() == Family::Predicate
    }
}

/// Reductions over axes, shared by eager arrays and the lazy graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReduceOp {
    /// `np.sum`
    Sum,
    /// `np.prod`
    Prod,
    /// `np.min`, NaN-propagating
    Min,
    /// `np.max`, NaN-propagating
    Max,
    /// `np.argmin`, first occurrence
    Argmin,
    /// `np.argmax`, first occurrence
    Argmax,
    /// `np.any`
    Any,
    /// `np.all`
    All,
    /// `np.mean`
    Mean,
}

impl ReduceOp {
    /// Every reduction.
    pub const ALL: &'static [ReduceOp] = &[
        ReduceOp::Sum,
        ReduceOp::Prod,
        ReduceOp::Min,
        ReduceOp::Max,
        ReduceOp::Argmin,
        ReduceOp::Argmax,
        ReduceOp::Any,
        ReduceOp::All,
        ReduceOp::Mean,
    ];

    /// NumPy's name, also the token in the text form.
    pub const fn name(self) -> &'static str {
        match self {
            ReduceOp::Sum => "sum",
            ReduceOp::Prod => "prod",
            ReduceOp::Min => "min",
            ReduceOp::Max => "max",
            ReduceOp::Argmin => "argmin",
            ReduceOp::Argmax => "argmax",
            ReduceOp::Any => "any",
            ReduceOp::All => "all",
            ReduceOp::Mean => "mean",
        }
    }

    /// The result dtype for an input dtype, as NumPy gives it: `sum`/`prod` widen bool and
    /// signed integers to int64 and unsigned ones to uint64; `mean` of bool and integers is
    /// float64; `argmin`/`argmax` give int64; `any`/`all` give bool; `min`/`max` keep the dtype.
    ///
    /// ```
    /// use numfuse_ir::{DType, op::ReduceOp};
    /// assert_eq!(ReduceOp::Sum.result_dtype(DType::U8), DType::U64);
    /// assert_eq!(ReduceOp::Mean.result_dtype(DType::F32), DType::F32);
    /// assert_eq!(ReduceOp::Argmax.result_dtype(DType::F32), DType::I64);
    /// ```
    pub const fn result_dtype(self, input: DType) -> DType {
        match self {
            ReduceOp::Sum | ReduceOp::Prod => match input.kind() {
                crate::Kind::Bool | crate::Kind::Signed => DType::I64,
                crate::Kind::Unsigned => DType::U64,
                crate::Kind::Float => input,
            },
            ReduceOp::Mean => {
                if input.is_float() {
                    input
                } else {
                    DType::F64
                }
            }
            ReduceOp::Argmin | ReduceOp::Argmax => DType::I64,
            ReduceOp::Any | ReduceOp::All => DType::Bool,
            ReduceOp::Min | ReduceOp::Max => input,
        }
    }
}

impl fmt::Display for ReduceOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ReduceOp {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ReduceOp::ALL
            .iter()
            .copied()
            .find(|op| op.name() == s)
            .ok_or_else(|| format!("unknown reduction {s:?}"))
    }
}

/// Scans along one axis (`np.cumsum`, `np.maximum.accumulate`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScanOp {
    /// `np.cumsum`
    Cumsum,
    /// `np.cumprod`
    Cumprod,
    /// `np.maximum.accumulate`
    Cummax,
    /// `np.minimum.accumulate`
    Cummin,
}

impl ScanOp {
    /// Every scan.
    pub const ALL: &'static [ScanOp] = &[
        ScanOp::Cumsum,
        ScanOp::Cumprod,
        ScanOp::Cummax,
        ScanOp::Cummin,
    ];

    /// The token in the text form (`cumsum`, `cumprod`, `cummax`, `cummin`).
    pub const fn name(self) -> &'static str {
        match self {
            ScanOp::Cumsum => "cumsum",
            ScanOp::Cumprod => "cumprod",
            ScanOp::Cummax => "cummax",
            ScanOp::Cummin => "cummin",
        }
    }

    /// The result dtype, as NumPy gives it: `cumsum`/`cumprod` widen like `sum`, the running
    /// extrema keep the dtype.
    pub const fn result_dtype(self, input: DType) -> DType {
        match self {
            ScanOp::Cumsum => ReduceOp::Sum.result_dtype(input),
            ScanOp::Cumprod => ReduceOp::Prod.result_dtype(input),
            ScanOp::Cummax | ScanOp::Cummin => input,
        }
    }
}

impl fmt::Display for ScanOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ScanOp {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        ScanOp::ALL
            .iter()
            .copied()
            .find(|op| op.name() == s)
            .ok_or_else(|| format!("unknown scan {s:?}"))
    }
}

/// Library calls: operations the graph does not look inside. The lazy engine evaluates them with
/// the eager implementation and fuses elementwise work before and after them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LibCall {
    /// `np.matmul`: `[.., n, k] @ [.., k, m] -> [.., n, m]`, with 1-d operands promoted and
    /// stack axes broadcast.
    Matmul,
}

impl LibCall {
    /// Every library call.
    pub const ALL: &'static [LibCall] = &[LibCall::Matmul];

    /// The name in the text form (`call matmul(v1, v2)`).
    pub const fn name(self) -> &'static str {
        match self {
            LibCall::Matmul => "matmul",
        }
    }

    /// The number of operands.
    pub const fn arity(self) -> usize {
        match self {
            LibCall::Matmul => 2,
        }
    }
}

impl fmt::Display for LibCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for LibCall {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        LibCall::ALL
            .iter()
            .copied()
            .find(|op| op.name() == s)
            .ok_or_else(|| format!("unknown library call {s:?}"))
    }
}

/// A constant's value. The node that holds it gives the dtype; the value is always
/// representable in that dtype (a float constant of an `f32` node holds an `f32` value).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lit {
    /// `true` / `false`.
    Bool(bool),
    /// Any integer of any integer dtype.
    Int(i128),
    /// A float, compared and hashed by its bits (every NaN is the one canonical quiet NaN).
    Float(F64Bits),
}

/// An `f64` compared by bits, so constants can be hash-consed (`-0.0 != 0.0`, NaN == NaN).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct F64Bits(u64);

impl F64Bits {
    /// The bits of `x`, with any NaN made the canonical quiet NaN.
    pub fn new(x: f64) -> F64Bits {
        F64Bits(if x.is_nan() {
            f64::NAN.to_bits()
        } else {
            x.to_bits()
        })
    }

    /// The value.
    pub fn get(self) -> f64 {
        f64::from_bits(self.0)
    }
}

impl Lit {
    /// A float literal.
    pub fn float(x: f64) -> Lit {
        Lit::Float(F64Bits::new(x))
    }

    /// The kind of literal, as NEP 50 weak scalars see it (`Signed` for every integer).
    pub fn kind(self) -> crate::Kind {
        match self {
            Lit::Bool(_) => crate::Kind::Bool,
            Lit::Int(_) => crate::Kind::Signed,
            Lit::Float(_) => crate::Kind::Float,
        }
    }

    /// The value as an `f64` (integers round to nearest).
    pub fn to_f64(self) -> f64 {
        match self {
            Lit::Bool(b) => f64::from(u8::from(b)),
            Lit::Int(i) => i as f64,
            Lit::Float(x) => x.get(),
        }
    }

    /// True when the value is exactly representable in `dtype` without a change of kind
    /// (integers in range for integer dtypes, floats for float dtypes, bools for bool).
    pub fn fits(self, dtype: DType) -> bool {
        match (self, dtype.kind()) {
            (Lit::Bool(_), crate::Kind::Bool) => true,
            (Lit::Int(i), crate::Kind::Signed | crate::Kind::Unsigned) => {
                let (lo, hi) = int_range(dtype);
                (lo..=hi).contains(&i)
            }
            (Lit::Float(x), crate::Kind::Float) => {
                dtype == DType::F64 || x.get().is_nan() || f64::from(x.get() as f32) == x.get()
            }
            _ => false,
        }
    }

    /// The value converted to `dtype` exactly as the eager `astype` converts it (unsafe
    /// casting; see [`eval::apply_cast`](crate::eval::apply_cast)): floats to integers
    /// truncate toward zero (NaN and out-of-range values give what x86-64 gives), integers
    /// wrap, non-zero is `true`, conversions to floats round to nearest once.
    pub fn cast(self, dtype: DType) -> Lit {
        crate::eval::apply_cast(self, dtype).value
    }
}

/// The smallest and largest value of an integer dtype.
///
/// # Panics
/// If `dtype` is not an integer dtype.
pub fn int_range(dtype: DType) -> (i128, i128) {
    match dtype {
        DType::I8 => (i8::MIN.into(), i8::MAX.into()),
        DType::I16 => (i16::MIN.into(), i16::MAX.into()),
        DType::I32 => (i32::MIN.into(), i32::MAX.into()),
        DType::I64 => (i64::MIN.into(), i64::MAX.into()),
        DType::U8 => (0, u8::MAX.into()),
        DType::U16 => (0, u16::MAX.into()),
        DType::U32 => (0, u32::MAX.into()),
        DType::U64 => (0, u64::MAX.into()),
        _ => panic!("int_range of {dtype}"),
    }
}

/// One axis of a `slice` view.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SliceAxis {
    /// The whole axis, in order (`:`); the only slice a symbolic length allows.
    Full,
    /// `len` elements starting at index `start`, every `step`-th (`step != 0`, may be negative).
    /// Normalised: `start < axis length` when `len > 0`, and `start = 0` when `len == 0`.
    Range {
        /// The first index taken.
        start: usize,
        /// How many indices are taken.
        len: usize,
        /// The distance between taken indices.
        step: isize,
    },
}

/// Axis numbers of a node parameter (permutation, reduced axes, inserted axes), inline up to 4.
pub type Axes = smallvec::SmallVec<[usize; 4]>;

/// A graph node's operation and its parameters. The node's dtype and shape complete it: a
/// `cast` converts to the node's dtype, `broadcast` and `reshape` produce the node's shape.
///
/// Operands are converted to the loop dtype NumPy's type resolution picks
/// ([`BinaryOp::resolve`]) before an elementwise op applies; `where` converts both branches to
/// the node's dtype.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Op {
    // --- inputs and constants ---
    /// The graph's input number `i` (its name is in the signature).
    Input(u32),
    /// A 0-d constant.
    Const(Lit),

    // --- views: index arithmetic, no computation ---
    /// Axis `i` of the result is axis `perm[i]` of the operand (`np.transpose(x, perm)`).
    Permute(Axes),
    /// Basic slicing, one entry per operand axis.
    Slice(smallvec::SmallVec<[SliceAxis; 4]>),
    /// Broadcast to the node's shape (`np.broadcast_to`).
    Broadcast,
    /// Insert length-1 axes at these result positions (sorted).
    ExpandDims(Axes),
    /// Remove these length-1 operand axes (sorted).
    Squeeze(Axes),
    /// C-order reshape to the node's shape.
    Reshape,

    // --- elementwise ---
    /// A one-input ufunc.
    Unary(UnaryOp),
    /// A two-input ufunc.
    Binary(BinaryOp),
    /// `np.where(cond, x, y)`.
    Select,
    /// Conversion to the node's dtype (`astype`, unsafe casting).
    Cast,

    // --- reductions and scans ---
    /// Reduce over `axes` (sorted, distinct); `keepdims` keeps them as length 1.
    Reduce {
        /// Which reduction.
        op: ReduceOp,
        /// The reduced axes of the operand.
        axes: Axes,
        /// Keep reduced axes as length 1.
        keepdims: bool,
    },
    /// Running reduction along one axis.
    Scan {
        /// Which scan.
        op: ScanOp,
        /// The axis scanned.
        axis: usize,
    },

    // --- library calls ---
    /// An operation computed outside the graph.
    Call(LibCall),
}

impl Op {
    /// The number of operands the op takes.
    pub fn arity(&self) -> usize {
        match self {
            Op::Input(_) | Op::Const(_) => 0,
            Op::Binary(_) => 2,
            Op::Select => 3,
            Op::Call(c) => c.arity(),
            _ => 1,
        }
    }

    /// True for ops computed element by element (unary, binary, select, cast).
    pub fn is_elementwise(&self) -> bool {
        matches!(self, Op::Unary(_) | Op::Binary(_) | Op::Select | Op::Cast)
    }

    /// True for view ops (no computation, only index arithmetic).
    pub fn is_view(&self) -> bool {
        matches!(
            self,
            Op::Permute(_)
                | Op::Slice(_)
                | Op::Broadcast
                | Op::ExpandDims(_)
                | Op::Squeeze(_)
                | Op::Reshape
        )
    }

    /// The op's token in the text form. Elementwise ops and reductions print by their NumPy
    /// names (`multiply`, `sum`), so a NumPy user reads a graph without a table.
    pub fn mnemonic(&self) -> &'static str {
        match self {
            Op::Input(_) => "input",
            Op::Const(_) => "const",
            Op::Permute(_) => "permute",
            Op::Slice(_) => "slice",
            Op::Broadcast => "broadcast",
            Op::ExpandDims(_) => "expand_dims",
            Op::Squeeze(_) => "squeeze",
            Op::Reshape => "reshape",
            Op::Unary(u) => u.name(),
            Op::Binary(b) => b.name(),
            Op::Select => "where",
            Op::Cast => "cast",
            Op::Reduce { op, .. } => op.name(),
            Op::Scan { op, .. } => op.name(),
            Op::Call(_) => "call",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::Kind;

    #[test]
    fn names_round_trip() {
        for op in BinaryOp::ALL {
            assert_eq!(op.name().parse::<BinaryOp>(), Ok(*op));
        }
        for op in UnaryOp::ALL {
            assert_eq!(op.name().parse::<UnaryOp>(), Ok(*op));
        }
    }

    #[test]
    fn resolution() {
        let r = |op: BinaryOp, a: DType, b: DType| op.resolve(a.into(), b.into()).map(|l| l.output);
        assert_eq!(r(BinaryOp::Add, DType::Bool, DType::Bool), Ok(DType::Bool));
        assert!(r(BinaryOp::Subtract, DType::Bool, DType::Bool).is_err());
        assert_eq!(
            r(BinaryOp::FloorDivide, DType::Bool, DType::Bool),
            Ok(DType::I8)
        );
        assert_eq!(
            r(BinaryOp::TrueDivide, DType::I8, DType::I8),
            Ok(DType::F64)
        );
        assert_eq!(
            r(BinaryOp::TrueDivide, DType::I8, DType::F32),
            Ok(DType::F32)
        );
        assert_eq!(r(BinaryOp::Arctan2, DType::I8, DType::U16), Ok(DType::F32));
        assert!(UnaryOp::Positive.resolve(DType::Bool.into()).is_err());
        assert!(UnaryOp::Sign.resolve(DType::Bool.into()).is_err());
        assert_eq!(r(BinaryOp::Less, DType::I64, DType::F32), Ok(DType::Bool));
        assert_eq!(r(BinaryOp::Add, DType::I64, DType::U64), Ok(DType::F64));
        assert!(r(BinaryOp::LeftShift, DType::F64, DType::I64).is_err());
        assert!(r(BinaryOp::BitwiseAnd, DType::F32, DType::F32).is_err());
        let weak = BinaryOp::Add
            .resolve(DType::U8.into(), Operand::Weak(Kind::Signed))
            .unwrap();
        assert_eq!(weak.output, DType::U8);
        assert_eq!(
            UnaryOp::Sqrt.resolve(DType::I32.into()).unwrap().output,
            DType::F64
        );
        assert_eq!(
            UnaryOp::Sqrt.resolve(DType::I16.into()).unwrap().output,
            DType::F32
        );
        assert_eq!(
            UnaryOp::Floor.resolve(DType::I16.into()).unwrap().output,
            DType::I16
        );
    }
}
