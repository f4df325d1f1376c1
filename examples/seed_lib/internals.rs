// The seed's section 1, "NumPy Internals — How It Really Works": printed as the seed prints,
// and every printed fact kept in a `Record` for `tests/seed_internals.rs`. Shared by
// `examples/internals.rs` (which includes `record.rs` beside this file).

use numfuse::ir::{BinaryOp, ShapeDisplay};

/// Runs the section.
pub fn internals(rec: &mut Record) -> Result<()> {
    // ---- Memory Layout Deep Dive ----

    // Array internal structure (the same as NumPy's ndarray):
    // - data pointer: a shared, 64-byte aligned buffer plus a byte offset
    // - dtype: type of each element
    // - shape: length of each axis
    // - strides: bytes to step in each dimension
    // - flags: C/F contiguous, owndata, writeable
    let arr = Array::arange(12.0, DType::F64).reshape(&[3, 4])?;
    println!("{arr}");
    rec.keep("arr", &arr);
    rec.keep_ints("shape", arr.shape());
    rec.keep_ints("strides", arr.strides());
    rec.keep_flags("flags", &arr);
    println!("{}", ShapeDisplay(arr.shape())); // (3, 4)
    println!("{}", StridesDisplay(arr.strides())); // (32, 8) — 32 bytes per row, 8 bytes per col
    println!("{}\n", arr.flags()); // Python's flags repr ends with a newline of its own
    // C_CONTIGUOUS : True — row-major (C order)
    // F_CONTIGUOUS : False
    // OWNDATA : False — `reshape` returned a view of the arange buffer (NumPy prints False
    //                   here too); a fresh array owns its data:
    println!(
        "OWNDATA of Array::zeros: {}",
        py_bool(Array::zeros(&[3, 4], DType::F64).flags().owndata)
    ); // True
    rec.keep_bool("zeros_owndata", Array::zeros(&[3, 4], DType::F64).flags().owndata);
    // WRITEABLE : True
    // ALIGNED : True

    // How strides work:
    // element at [i, j] is at: data_pointer + i*strides[0] + j*strides[1]
    // arr[2, 3] = data_ptr + 2*32 + 3*8 = data_ptr + 64 + 24 = data_ptr + 88
    let s = arr.strides();
    println!("arr[2, 3] = data_ptr + {}", 2 * s[0] + 3 * s[1]); // data_ptr + 88
    let layout = arr.layout();
    println!(
        "byte offset of [2, 3]: {}, value: {}",
        layout.byte_offset(&[2, 3]) - layout.offset,
        arr.get(&[2, 3])?
    ); // 88, 11.0
    rec.keep_ints("offset_2_3", &[layout.byte_offset(&[2, 3]) - layout.offset]);
    rec.keep("arr_2_3", &arr.index(idx![2, 3])?);

    // Transpose just swaps strides! No data copy!
    let arr_t = arr.t();
    println!("{}", StridesDisplay(arr_t.strides())); // (8, 32) — strides swapped
    println!("{}\n", arr_t.flags()); // C_CONTIGUOUS : False, F_CONTIGUOUS : True
    rec.keep_ints("t_strides", arr_t.strides());
    rec.keep_flags("t_flags", &arr_t);

    // Reshape works by changing shape/strides if array is contiguous
    let reshaped = arr.reshape(&[2, 6])?;
    println!("{}", py_bool(arr.shares_memory(&reshaped))); // True — no copy made!
    rec.keep_bool("reshape_shares", arr.shares_memory(&reshaped));

    // When reshape CAN'T avoid a copy
    let arr_t_reshaped = arr.t().reshape(&[2, 6])?;
    println!("{}", py_bool(arr.t().shares_memory(&arr_t_reshaped))); // False — needed a copy!
    rec.keep_bool("t_reshape_shares", arr.t().shares_memory(&arr_t_reshaped));
    rec.keep("t_reshaped", &arr_t_reshaped);

    // ---- The ufunc Pipeline ----

    // When you call np.add(a, b) (numfuse: `&a + &b`, or `numfuse::ops::binary`), here's
    // what happens internally:
    // 1. Type resolution — find common dtype (NumPy 2 promotion, NEP 50)
    let a = Array::from_vec(vec![1i8, 2, 3], &[3])?;
    let b = Array::from_vec(vec![10u8, 20, 30], &[3])?;
    let common = numfuse::result_type(&[&a, &b]).expect("numeric dtypes always promote");
    println!("{}", common.name()); // int16
    rec.keep_dtype("result_type", common);
    rec.keep_dtype("promote_i64_f32", numfuse::promote_types(DType::I64, DType::F32));
    println!("{}", numfuse::promote_types(DType::I64, DType::F32).name()); // float64
    // 2. If needed, cast inputs to common type
    let a16 = a.astype(common);
    let b16 = b.astype(common);
    println!("{a16} {b16}"); // array([1, 2, 3], dtype=int16) array([10, 20, 30], dtype=int16)
    // 5. Result written to output buffer: a fresh, aligned, C-contiguous array
    let out = Array::zeros(a16.shape(), common);
    println!(
        "{}",
        py_bool(out.flags().c_contiguous && out.flags().aligned)
    ); // True

    // 3.-4. The element loop runs over the inputs (contiguous runs are auto-vectorised and
    // split across threads above 64K elements):
    println!("{}", &a + &b); // array([11, 22, 33], dtype=int16)
    rec.keep("a_plus_b", &(&a + &b));

    // You can inspect the ufunc
    let add = BinaryOp::Add;
    println!("{}", add.nin()); // 2 — number of inputs
    println!("{}", add.nout()); // 1 — number of outputs
    rec.keep_ints("nin_nout", &[add.nin(), add.nout()]);
    println!("{}", add.ntypes()); // 11 — one loop per dtype (NumPy also has float16, complex, ...)
    println!("{:?}", add.types()); // ["??->?", "bb->b", "BB->B", "hh->h", ..., "dd->d"]
    // b=int8, B=uint8, h=int16, d=float64 (numfuse has no float16 or float128)

    // Custom element-wise functions: np.frompyfunc / np.vectorize call a Python function per
    // element; in Rust the closure is compiled, so a typed map over the elements is fast.
    let arr = Array::from_vec(vec![1i64, 2, 3, 4, 5], &[5])?;
    let my_add = |x: &Array, y: &Array| -> Result<Array> {
        let sum: Vec<i64> = x
            .view::<i64>()?
            .iter()
            .zip(y.view::<i64>()?.iter())
            .map(|(p, q)| p + q)
            .collect();
        Array::from_vec(sum, x.shape())
    };
    rec.keep("my_add", &my_add(&arr, &arr)?);
    println!("{:#}", my_add(&arr, &arr)?); // [ 2  4  6  8 10] (NumPy's object array prints [2 4 6 8 10])
    let squares: Vec<i64> = arr
        .view::<i64>()?
        .iter()
        .map(|x| x * x + 2 * x + 1)
        .collect();
    let vectorized = Array::from_vec(squares, arr.shape())?;
    println!("{vectorized:#}"); // [ 4  9 16 25 36]
    rec.keep("vectorized", &vectorized);
    Ok(())
}

/// Strides printed like a Python tuple: `(32, 8)`.
struct StridesDisplay<'a>(&'a [isize]);

impl std::fmt::Display for StridesDisplay<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            [s] => write!(f, "({s},)"),
            strides => {
                let parts: Vec<String> = strides.iter().map(|s| s.to_string()).collect();
                write!(f, "({})", parts.join(", "))
            }
        }
    }
}

/// A bool printed the way Python prints it.
fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}
