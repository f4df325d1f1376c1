//! Random graphs (`ir/tests/common/graphgen.rs`) through `optimize` + `fuse` + the JIT, on
//! every input layout, bit for bit against the reference interpreter. Values are small, so
//! every reduction is one chunk and folds in the interpreter's order.

mod common;

#[path = "../../ir/tests/common/graphgen.rs"]
#[allow(
    dead_code,
    reason = "the generator's helpers are shared with the ir tests"
)]
mod graphgen;

use common::{LAYOUTS, same};
use graphgen::Case;
use numfuse_ir::interp::Value;
use numfuse_jit::Options;
use proptest::prelude::*;

const FLOATS: [f64; 14] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    2.0,
    0.5,
    -2.5,
    3.0,
    1e-3,
    7.25,
    -4.0,
    100.0,
    f64::INFINITY,
    f64::NAN,
];
const INTS: [i64; 10] = [-3, -2, -1, 0, 1, 2, 3, 7, -8, 64];

fn inputs(case: &Case) -> Vec<Value> {
    let (n, m) = (case.n, case.m);
    let mut picks = case.data.chunks(9);
    let mut next = |shape: &[usize], float: bool| {
        let p = picks.next().unwrap_or(&[0; 9]);
        let size: usize = shape.iter().product();
        if float {
            let d: Vec<f64> = (0..size)
                .map(|k| FLOATS[p[k % p.len()] as usize % FLOATS.len()])
                .collect();
            Value::f64(shape, &d).expect("sized")
        } else {
            let d: Vec<i64> = (0..size)
                .map(|k| INTS[p[k % p.len()] as usize % INTS.len()])
                .collect();
            Value::i64(shape, &d).expect("sized")
        }
    };
    vec![
        next(&[n, m], true),
        next(&[m], true),
        next(&[n, m], false),
        next(&[m], false),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn jit_matches_interpreter(case in graphgen::case(), layout in 0usize..4, serial in any::<bool>()) {
        let g = graphgen::build(&case);
        // See `common::same`: computed NaNs may reach `copysign` with either sign.
        prop_assume!(!g.to_string().contains("copysign"));
        let ins = inputs(&case);
        // Bit for bit, transcendentals included: the libm calls (vmath.rs tests the inline ones).
        let options = Options { threads: serial.then_some(1), ..common::libm() };
        let r = same(&g, &ins, LAYOUTS[layout], &options);
        prop_assert!(r.is_ok(), "{}\n{g}", r.unwrap_err());
    }

    /// Rows long enough for the vector loop (groups of 8 `f64`) and its scalar tail.
    #[test]
    fn wide_rows_match_interpreter(case in graphgen::case(), layout in 0usize..4) {
        let mut case = case;
        case.m *= 7;
        let g = graphgen::build(&case);
        prop_assume!(!g.to_string().contains("copysign"));
        let ins = inputs(&case);
        let r = same(&g, &ins, LAYOUTS[layout], &common::libm());
        prop_assert!(r.is_ok(), "{}\n{g}", r.unwrap_err());
    }
}
