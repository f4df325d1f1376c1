//! Property test: random graphs built with the typed builders print to text that parses back
//! to an equal graph, and that text is a fixed point of `print ∘ parse`.

use numfuse_ir::op::SliceAxis;
use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::text::{parse, print};
use numfuse_ir::{BinaryOp, DType, Graph, LibCall, Lit, NodeId, ReduceOp, ScanOp, UnaryOp};
use proptest::prelude::*;

const FLOATS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    0.1,
    2.5,
    1e-7,
    1e300,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    3.402_823_5e38,
    1.0 / 3.0,
    -123_456.75,
];
const INTS: &[i64] = &[0, 1, -1, 2, 127, 255, -128, 300, 65_535, i64::MAX, i64::MIN];

/// One builder step, from raw random numbers.
type Step = (u8, u16, u16, u16, u64);

fn lit(k: u64) -> Lit {
    let i = (k >> 8) as usize;
    match k % 3 {
        0 => Lit::float(FLOATS[i % FLOATS.len()]),
        1 => Lit::Int(INTS[i % INTS.len()].into()),
        _ => Lit::Bool(i.is_multiple_of(2)),
    }
}

/// Builds a graph from the steps. A step whose builder records an error is not used again,
/// so the outputs are valid.
fn build(steps: &[Step], outs: &[u16]) -> Graph {
    let mut g = Graph::new("random");
    let mut ok: Vec<NodeId> = vec![
        g.input("x", DType::F64, Shape::from([Dim::from("n"), Dim::from(3)])),
        g.input("y", DType::F32, Shape::fixed(&[3])),
        g.input("k", DType::I8, Shape::from([Dim::from("n"), Dim::from(1)])),
        g.input("u", DType::U8, Shape::fixed(&[2, 3])),
        g.input(
            "m",
            DType::Bool,
            Shape::from([Dim::from("n"), Dim::from(3)]),
        ),
        g.input("s", DType::I64, Shape::scalar()),
    ];
    for &(kind, p, q, r, w) in steps {
        let a = ok[p as usize % ok.len()];
        let b = ok[q as usize % ok.len()];
        let c = ok[r as usize % ok.len()];
        let rank = g.node(a).shape.rank();
        let dims = g.node(a).shape.dims().to_vec();
        let dtype = DType::ALL[w as usize % DType::ALL.len()];
        let errors = g.errors().len();
        let id = match kind % 15 {
            0 => g.binary(BinaryOp::ALL[w as usize % BinaryOp::ALL.len()], a, b),
            1 => g.binary(BinaryOp::ALL[r as usize % BinaryOp::ALL.len()], a, lit(w)),
            2 => g.binary(BinaryOp::ALL[r as usize % BinaryOp::ALL.len()], lit(w), a),
            3 => g.unary(UnaryOp::ALL[w as usize % UnaryOp::ALL.len()], a),
            4 => {
                let cond = g.binary(BinaryOp::Less, c, lit(w >> 3));
                if w.is_multiple_of(2) {
                    g.select(cond, a, b)
                } else {
                    g.select(cond, lit(w >> 5), a)
                }
            }
            5 => g.cast(a, dtype),
            6 => {
                let op = ReduceOp::ALL[r as usize % ReduceOp::ALL.len()];
                let axes: Vec<isize> = (0..rank)
                    .filter(|i| w >> i & 1 == 1)
                    .map(|i| i as isize)
                    .collect();
                let all = w.is_multiple_of(5);
                g.reduce(op, a, (!all).then_some(&axes[..]), w.is_multiple_of(3))
            }
            7 => {
                let op = ScanOp::ALL[r as usize % ScanOp::ALL.len()];
                g.scan(op, a, (w % 3) as isize - 1)
            }
            8 => g.transpose(a),
            9 => {
                let spec: Vec<SliceAxis> = dims
                    .iter()
                    .enumerate()
                    .map(|(i, d)| match d {
                        Dim::Fixed(n) => {
                            let bits = w.rotate_right((12 * i % 64) as u32);
                            let start = (bits & 7) as isize - 3;
                            let stop = (bits >> 3 & 7) as isize - 3;
                            let step = [1, 2, -1, -2, 3, -5][(bits >> 6) as usize % 6];
                            let start = (bits & 64 == 0).then_some(start);
                            let stop = (bits & 128 == 0).then_some(stop);
                            SliceAxis::from_python(start, stop, step, *n).unwrap_or(SliceAxis::Full)
                        }
                        Dim::Sym(_) => SliceAxis::Full,
                    })
                    .collect();
                g.slice(a, &spec)
            }
            10 => g.expand_dims(a, &[(w as usize) % (rank + 1)]),
            11 => {
                let ones: Vec<usize> = (0..rank).filter(|&i| dims[i].is_one()).collect();
                g.squeeze(a, &ones)
            }
            12 => {
                let mut to = vec![Dim::from(2)];
                to.extend(dims.iter().cloned());
                g.broadcast_to(a, Shape(to.into_iter().collect()))
            }
            13 => match g.node(a).shape.size() {
                Some(size) => g.reshape(a, Shape::fixed(&[size])),
                None => g.reshape(a, g.node(a).shape.clone()),
            },
            _ => {
                if w.is_multiple_of(2) {
                    g.call(LibCall::Matmul, &[a, b])
                } else {
                    let k = g.constant(lit(w >> 1), dtype);
                    g.binary(BinaryOp::ALL[r as usize % BinaryOp::ALL.len()], a, k)
                }
            }
        };
        if g.errors().len() == errors {
            ok.push(id);
        }
    }
    let outputs: Vec<NodeId> = outs.iter().map(|&o| ok[o as usize % ok.len()]).collect();
    g.set_outputs(&outputs);
    g
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn built_graphs_round_trip(
        steps in prop::collection::vec(any::<Step>(), 1..40),
        outs in prop::collection::vec(any::<u16>(), 1..4),
    ) {
        let g = build(&steps, &outs);
        let text = print(&g);
        let back = parse(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &g, "\n{}", text);
        prop_assert_eq!(print(&back), text);
    }
}
