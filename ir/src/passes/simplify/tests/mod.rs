//! One positive and one negative case per rule, text in and text out (bodies separated by
//! `|`), plus the driver's fuel and stop reason and graphs built with the builder API.
//! `like_terms.rs` has the like-term collection cases.

mod like_terms;

use super::*;
use crate::dtype::DType;
use crate::op::BinaryOp;
use crate::shape::{Dim, Shape};
use crate::trace::{PassRecord, StopReason};
use crate::{parse, print, verify};
use FloatPolicy::{Algebraic, Fast, Strict};

const SIG: &str = "x: f64[n], y: f64[n], i: i64[n], j: i64[n], u: u8[n], b: bool[n], \
                   f: f32[n], m: f64[4, n], h: i16[n]";

fn graph(ret: &str, body: &str) -> Graph {
    let body = body.replace('|', "\n    ");
    let text = format!("graph %t({SIG}) -> {ret} {{\n    {body}\n}}");
    let g = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    verify(&g).unwrap_or_else(|e| panic!("{e}\n{text}"));
    g
}

fn simplify(g: &Graph, policy: FloatPolicy, fuel: u32) -> (Graph, PassRecord) {
    let mut out = g.clone();
    let mut cx = PassCx::new(policy);
    cx.fuel = fuel;
    run(&mut out, &mut cx);
    verify(&out).unwrap_or_else(|e| panic!("{e}\n{}", print(&out)));
    (out, cx.record)
}

/// Simplifies `body` under `policy` and checks the result is `want` and which rules fired.
#[track_caller]
pub(super) fn check(policy: FloatPolicy, ret: &str, body: &str, want: &str, fired: &[&str]) {
    let g = graph(ret, body);
    let (out, record) = simplify(&g, policy, 10_000);
    let want = graph(ret, want);
    assert_eq!(print(&out), print(&want), "policy {}", policy.name());
    let rules: Vec<&str> = record.rewrites.iter().map(|r| r.rule).collect();
    assert_eq!(rules, fired, "policy {}", policy.name());
}

/// `body` is left as it is under `policy`.
#[track_caller]
pub(super) fn unchanged(policy: FloatPolicy, ret: &str, body: &str) {
    check(policy, ret, body, body, &[]);
}

#[test]
fn rule_names_are_unique_snake_case() {
    let mut names: Vec<&str> = rules().map(|r| r.name).collect();
    assert!(names.iter().all(|n| {
        n.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    }));
    let n = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), n);
}

#[test]
fn canonical_constants_right() {
    let body = "v1: f64[n] = multiply 2.0, x | return v1";
    check(
        Strict,
        "f64[n]",
        body,
        "v1: f64[n] = multiply x, 2.0 | return v1",
        &["const_right"],
    );
    // Float maximum is not commutative (maximum(-0.0, 0.0) is the second operand).
    unchanged(Fast, "f64[n]", "v1: f64[n] = maximum 2.0, x | return v1");
    let body = "v1: i64[n] = maximum 2, i | return v1";
    check(
        Strict,
        "i64[n]",
        body,
        "v1: i64[n] = maximum i, 2 | return v1",
        &["const_right"],
    );
    let body = "v1: bool[n] = less 2.0, x | return v1";
    check(
        Strict,
        "bool[n]",
        body,
        "v1: bool[n] = greater x, 2.0 | return v1",
        &["cmp_const_right"],
    );
}

#[test]
fn additive_identities() {
    check(
        Strict,
        "f64[n]",
        "v1: f64[n] = add x, -0.0 | return v1",
        "return x",
        &["add_neg_zero"],
    );
    unchanged(Strict, "f64[n]", "v1: f64[n] = add x, 0.0 | return v1");
    check(
        Algebraic,
        "f64[n]",
        "v1: f64[n] = add x, 0.0 | return v1",
        "return x",
        &["add_zero"],
    );
    check(
        Strict,
        "i64[n]",
        "v1: i64[n] = add i, 0 | return v1",
        "return i",
        &["add_neg_zero"],
    );
    check(
        Strict,
        "f64[n]",
        "v1: f64[n] = subtract x, 0.0 | return v1",
        "return x",
        &["sub_zero"],
    );
    unchanged(
        Strict,
        "f64[n]",
        "v1: f64[n] = subtract x, -0.0 | return v1",
    );
    // Under Algebraic, like_terms drops the constant of x + 0.0 (only a zero's sign changes).
    let body = "v1: f64[n] = subtract x, -0.0 | return v1";
    check(Algebraic, "f64[n]", body, "return x", &["like_terms"]);
    unchanged(Fast, "f64[n]", "v1: f64[n] = add x, 1.0 | return v1");
    // An integer or bool zero is +0.0 in a float loop: not the exact identity.
    unchanged(Strict, "f64[n]", "v1: f64[n] = add x, false | return v1");
    unchanged(Strict, "f64[n]", "v1: f64[n] = subtract 0, x | return v1");
    // The operand is converted to the node's dtype, as the loop converts it.
    let body = "v1: f64[n] = add i, 0.0 | return v1";
    check(
        Algebraic,
        "f64[n]",
        body,
        "v1: f64[n] = cast i | return v1",
        &["add_zero"],
    );
}

#[test]
fn multiplicative_identities() {
    check(
        Strict,
        "f64[n]",
        "v1: f64[n] = multiply x, 1.0 | return v1",
        "return x",
        &["mul_one"],
    );
    check(
        Strict,
        "bool[n]",
        "v1: bool[n] = multiply b, true | return v1",
        "return b",
        &["mul_one"],
    );
    unchanged(Strict, "f64[n]", "v1: f64[n] = multiply x, 1.5 | return v1");
    let body = "v1: f64[n] = divide i, 1 | return v1";
    check(
        Strict,
        "f64[n]",
        body,
        "v1: f64[n] = cast i | return v1",
        &["div_one"],
    );
    // A scalar operand is broadcast back to the node's shape.
    let body = "v1: f64[4, n] = multiply m, 1.0 | v2: f64[4, n] = add v1, m | return v2";
    let want = "v1: f64[4, n] = add m, m | return v1";
    check(Strict, "f64[4, n]", body, want, &["mul_one"]);
}

#[test]
fn negation() {
    let neg = "v1: f64[n] = negative x | return v1";
    check(
        Strict,
        "f64[n]",
        "v1: f64[n] = multiply x, -1.0 | return v1",
        neg,
        &["mul_neg_one"],
    );
    let body = "v1: u8[n] = multiply u, 255 | return v1";
    check(
        Strict,
        "u8[n]",
        body,
        "v1: u8[n] = negative u | return v1",
        &["mul_neg_one"],
    );
    // 255 is not minus one in a u16 loop.
    unchanged(
        Strict,
        "u16[n]",
        "v1: u16[n] = multiply u, 255u16 | return v1",
    );
    check(
        Strict,
        "f64[n]",
        "v1: f64[n] = subtract -0.0, x | return v1",
        neg,
        &["neg_zero_sub"],
    );
    unchanged(Strict, "f64[n]", "v1: f64[n] = subtract 0.0, x | return v1");
    check(
        Algebraic,
        "f64[n]",
        "v1: f64[n] = subtract 0.0, x | return v1",
        neg,
        &["zero_sub"],
    );
    let body = "v1: i64[n] = subtract 0, i | return v1";
    check(
        Strict,
        "i64[n]",
        body,
        "v1: i64[n] = negative i | return v1",
        &["neg_zero_sub"],
    );
    let body = "v1: f64[n] = negative x | v2: f64[n] = negative v1 | return v2";
    check(Strict, "f64[n]", body, "return x", &["neg_neg"]);
    unchanged(
        Strict,
        "f64[n]",
        "v1: f64[n] = absolute x | v2: f64[n] = negative v1 | return v2",
    );
    let body = "v1: f64[n] = negative y | v2: f64[n] = add x, v1 | return v2";
    let want = "v1: f64[n] = subtract x, y | return v1";
    check(Strict, "f64[n]", body, want, &["add_neg"]);
    let body = "v1: f64[n] = negative y | v2: f64[n] = add v1, x | return v2";
    check(Strict, "f64[n]", body, want, &["add_neg"]);
    let body = "v1: f64[n] = negative y | v2: f64[n] = subtract x, v1 | return v2";
    let want = "v1: f64[n] = add x, y | return v1";
    check(Strict, "f64[n]", body, want, &["sub_neg"]);
    // An i64 negative wraps (-MIN is MIN) before the f64 add converts it: not x - i.
    unchanged(
        Fast,
        "f64[n]",
        "v1: i64[n] = negative i | v2: f64[n] = add x, v1 | return v2",
    );
}

#[test]
fn division_by_constants() {
    let body = "v1: f64[n] = divide x, 4.0 | return v1";
    let want = "v1: f64[n] = multiply x, 0.25 | return v1";
    check(Strict, "f64[n]", body, want, &["div_pow2"]);
    let body = "v1: f32[n] = divide f, -0.5 | return v1";
    let want = "v1: f32[n] = multiply f, -2.0 | return v1";
    check(Strict, "f32[n]", body, want, &["div_pow2"]);
    // Integer true division computes in f64.
    let body = "v1: f64[n] = divide i, 2 | return v1";
    let want = "v1: f64[n] = multiply i, 0.5 | return v1";
    check(Strict, "f64[n]", body, want, &["div_pow2"]);
    unchanged(Strict, "f64[n]", "v1: f64[n] = divide x, 3.0 | return v1");
    let body = "v1: f64[n] = divide x, 3.0 | return v1";
    let want = "v1: f64[n] = multiply x, 0.3333333333333333 | return v1";
    check(Algebraic, "f64[n]", body, want, &["div_const"]);
    // 1/c would be subnormal, or c is zero: no rewrite.
    unchanged(Fast, "f64[n]", "v1: f64[n] = divide x, 1e308 | return v1");
    unchanged(Fast, "f64[n]", "v1: f64[n] = divide x, 0.0 | return v1");
}

#[test]
fn annihilators() {
    // x - x on an input: `broadcast 0.0` is one node (constants are free) for the one
    // `subtract` it removes (see cost.rs).
    let zero = "v1: f64[n] = broadcast 0.0 | return v1";
    check(
        Fast,
        "f64[n]",
        "v1: f64[n] = subtract x, x | return v1",
        zero,
        &["sub_self"],
    );
    // On a computed operand the operand goes too.
    let body = "v1: f64[n] = exp x | v2: f64[n] = subtract v1, v1 | return v2";
    unchanged(Strict, "f64[n]", body);
    // Under Algebraic like_terms collects it into exp(x) * 0.0 (NaN and inf still give NaN).
    let want = "v1: f64[n] = exp x | v2: f64[n] = multiply v1, 0.0 | return v2";
    check(Algebraic, "f64[n]", body, want, &["like_terms"]);
    check(Fast, "f64[n]", body, zero, &["sub_self"]);
    let body = "v1: i64[n] = add i, j | v2: i64[n] = subtract v1, v1 | return v2";
    let want = "v1: i64[n] = broadcast 0 | return v1";
    check(Strict, "i64[n]", body, want, &["sub_self"]);
    let body = "v1: f64[n] = multiply x, 0.0 | return v1";
    unchanged(Algebraic, "f64[n]", body);
    check(Fast, "f64[n]", body, zero, &["mul_zero"]);
    let body = "v1: bool[n] = multiply b, false | return v1";
    let want = "v1: bool[n] = broadcast false | return v1";
    check(Strict, "bool[n]", body, want, &["mul_zero"]);
}

#[test]
fn constant_reassociation() {
    let body = "v1: f64[n] = add x, 1.5 | v2: f64[n] = add v1, 2.0 | return v2";
    unchanged(Strict, "f64[n]", body);
    let want = "v1: f64[n] = add x, 3.5 | return v1";
    check(Algebraic, "f64[n]", body, want, &["reassoc_add"]);
    let body = "v1: i64[n] = multiply i, 3 | v2: i64[n] = multiply v1, 5 | return v2";
    let want = "v1: i64[n] = multiply i, 15 | return v1";
    check(Strict, "i64[n]", body, want, &["reassoc_mul"]);
    // The inner add computes in i64 and wraps: not an f64 sum.
    let body = "v1: i64[n] = add i, 1 | v2: f64[n] = add v1, 2.0 | return v2";
    unchanged(Fast, "f64[n]", body);
}

#[test]
fn powers() {
    let body = "v1: f64[n] = power x, 2.0 | return v1";
    check(
        Strict,
        "f64[n]",
        body,
        "v1: f64[n] = multiply x, x | return v1",
        &["pow_two"],
    );
    let body = "v1: i64[n] = power i, 2 | return v1";
    check(
        Strict,
        "i64[n]",
        body,
        "v1: i64[n] = multiply i, i | return v1",
        &["pow_two"],
    );
    check(
        Strict,
        "f64[n]",
        "v1: f64[n] = power x, 1.0 | return v1",
        "return x",
        &["pow_one"],
    );
    let body = "v1: f64[n] = power x, 0.0 | return v1";
    check(
        Strict,
        "f64[n]",
        body,
        "v1: f64[n] = broadcast 1.0 | return v1",
        &["pow_zero"],
    );
    let body = "v1: f64[n] = power x, -1.0 | return v1";
    check(
        Strict,
        "f64[n]",
        body,
        "v1: f64[n] = reciprocal x | return v1",
        &["pow_neg_one"],
    );
    // Integers to negative powers raise: left for the kernel.
    unchanged(Fast, "i64[n]", "v1: i64[n] = power i, -1 | return v1");
    let body = "v1: f64[n] = power x, 0.5 | return v1";
    unchanged(Strict, "f64[n]", body);
    check(
        Algebraic,
        "f64[n]",
        body,
        "v1: f64[n] = sqrt x | return v1",
        &["pow_half"],
    );
    // i16 ** 0.5 computes in f64 (sqrt of i16 would be f32), so sqrt needs an explicit cast:
    // two nodes for one, no rewrite.
    unchanged(Algebraic, "f64[n]", "v1: f64[n] = power h, 0.5 | return v1");
    unchanged(Fast, "f64[n]", "v1: f64[n] = power x, 3.0 | return v1");
    unchanged(Fast, "f64[n]", "v1: f64[n] = power x, 2.5 | return v1");
}

#[test]
fn comparisons() {
    let body = "v1: f64[n] = exp x | v2: bool[n] = less v1, v1 | return v2";
    let want = "v1: bool[n] = broadcast false | return v1";
    check(Strict, "bool[n]", body, want, &["cmp_self_false"]);
    let body = "v1: f64[n] = exp x | v2: bool[n] = equal v1, v1 | return v2";
    unchanged(Algebraic, "bool[n]", body);
    let want = "v1: bool[n] = broadcast true | return v1";
    check(Fast, "bool[n]", body, want, &["cmp_self"]);
    let body = "v1: i64[n] = add i, j | v2: bool[n] = less_equal v1, v1 | return v2";
    check(Strict, "bool[n]", body, want, &["cmp_self"]);
    let body = "v1: bool[n] = equal x, y | v2: bool[n] = logical_not v1 | return v2";
    let want = "v1: bool[n] = not_equal x, y | return v1";
    check(Strict, "bool[n]", body, want, &["not_eq"]);
    let body = "v1: bool[n] = less x, y | v2: bool[n] = logical_not v1 | return v2";
    unchanged(Algebraic, "bool[n]", body);
    let want = "v1: bool[n] = greater_equal x, y | return v1";
    check(Fast, "bool[n]", body, want, &["not_order"]);
    let body = "v1: bool[n] = less i, j | v2: bool[n] = logical_not v1 | return v2";
    let want = "v1: bool[n] = greater_equal i, j | return v1";
    check(Strict, "bool[n]", body, want, &["not_order"]);
    let body = "v1: bool[n] = logical_not b | v2: bool[n] = logical_not v1 | return v2";
    check(Strict, "bool[n]", body, "return b", &["not_not"]);
    let body = "v1: bool[n] = logical_not x | v2: bool[n] = logical_not v1 | return v2";
    check(
        Strict,
        "bool[n]",
        body,
        "v1: bool[n] = cast x | return v1",
        &["not_not"],
    );
}

#[test]
fn selects() {
    let body = "v1: f64[4, n] = where true, x, m | return v1";
    let want = "v1: f64[4, n] = broadcast x | return v1";
    check(Strict, "f64[4, n]", body, want, &["select_const"]);
    let body = "v1: f64[n] = where false, i, x | return v1";
    check(Strict, "f64[n]", body, "return x", &["select_const"]);
    let body = "v1: f64[n] = where true, i, x | return v1";
    check(
        Strict,
        "f64[n]",
        body,
        "v1: f64[n] = cast i | return v1",
        &["select_const"],
    );
    unchanged(Strict, "f64[n]", "v1: f64[n] = where b, x, y | return v1");
    let body = "v1: f64[n] = where b, x, x | return v1";
    check(Strict, "f64[n]", body, "return x", &["select_same"]);
    let body = "v1: bool[n] = logical_not b | v2: f64[n] = where v1, x, y | return v2";
    let want = "v1: f64[n] = where b, y, x | return v1";
    check(Strict, "f64[n]", body, want, &["select_not"]);
    let body = "v1: bool[n] = logical_not x | v2: f64[n] = where v1, x, y | return v2";
    unchanged(Strict, "f64[n]", body);
    let body = "v1: bool[n] = where b, true, false | return v1";
    check(Strict, "bool[n]", body, "return b", &["select_bool"]);
    let body = "v1: bool[n] = where b, false, true | return v1";
    check(
        Strict,
        "bool[n]",
        body,
        "v1: bool[n] = logical_not b | return v1",
        &["select_bool"],
    );
}

#[test]
fn casts() {
    let body = "v1: f64[n] = cast x | return v1";
    // The parser interns `cast x` to f64 as its own node; the rule returns x.
    check(Strict, "f64[n]", body, "return x", &["cast_same"]);
    let body = "v1: i32[n] = cast h | v2: f64[n] = cast v1 | return v2";
    check(
        Strict,
        "f64[n]",
        body,
        "v1: f64[n] = cast h | return v1",
        &["cast_cast"],
    );
    let body = "v1: f32[n] = cast x | v2: f64[n] = cast v1 | return v2";
    unchanged(Strict, "f64[n]", body);
    let body = "v1: f32[n] = cast h | v2: i16[n] = cast v1 | return v2";
    check(Strict, "i16[n]", body, "return h", &["cast_cast"]);
    assert!(cast::holds(DType::I32, DType::F64));
    assert!(!cast::holds(DType::I32, DType::F32));
    assert!(!cast::holds(DType::I64, DType::F64));
    assert!(cast::holds(DType::U8, DType::I16));
    assert!(!cast::holds(DType::I8, DType::U64));
}

#[test]
fn fuel_and_stop_reason() {
    let body = "v1: f64[n] = multiply x, 1.0 | v2: f64[n] = multiply v1, 1.0 | return v2";
    let g = graph("f64[n]", body);
    let (out, record) = simplify(&g, Strict, 10_000);
    assert_eq!(print(&out), print(&graph("f64[n]", "return x")));
    assert_eq!(record.stop, Some(StopReason::Saturated(2)));
    let (out, record) = simplify(&g, Strict, 1);
    assert_eq!(
        print(&out),
        print(&graph("f64[n]", "v1: f64[n] = multiply x, 1.0 | return v1"))
    );
    assert_eq!(record.stop, Some(StopReason::FuelExhausted(1)));
    let (out, record) = simplify(&g, Strict, 0);
    assert_eq!(out, g);
    assert_eq!(record.stop, Some(StopReason::FuelExhausted(0)));
    // Nothing to do: one iteration, the graph untouched (dead nodes are dce's).
    let (_, record) = simplify(
        &graph("f64[n]", "v1: f64[n] = exp x | return v1"),
        Fast,
        10_000,
    );
    assert_eq!(record.stop, Some(StopReason::Saturated(1)));
    assert!(record.rewrites.is_empty());
}

#[test]
fn builder_seed_and_rewrite_text() {
    let mut g = Graph::new("seed");
    let a = g.input("a", DType::F64, Shape::from([Dim::from("n")]));
    let x = g.binary(BinaryOp::Multiply, a, 2.0);
    let y = g.binary(BinaryOp::Multiply, a, 3.0);
    let z = g.binary(BinaryOp::Add, x, y);
    g.set_outputs(&[z]);
    let mut cx = PassCx::new(Algebraic);
    assert_eq!(run(&mut g, &mut cx), Changed::Yes);
    let mut want = Graph::new("seed");
    let a = want.input("a", DType::F64, Shape::from([Dim::from("n")]));
    let five = want.binary(BinaryOp::Multiply, a, 5.0);
    want.set_outputs(&[five]);
    assert_eq!(g, want);
    let r = &cx.record.rewrites[0];
    assert_eq!(r.before, "add (multiply a, 2.0), (multiply a, 3.0)");
    assert_eq!(r.after, "multiply a, 5.0");
}

#[test]
fn nodes_with_errors_are_left_alone() {
    let mut g = Graph::new("bad");
    let a = g.input("a", DType::F64, Shape::from([Dim::from("n")]));
    let b = g.input("b", DType::F64, Shape::from([Dim::from("m")]));
    let bad = g.binary(BinaryOp::Add, a, b); // n and m need not broadcast
    let one = g.binary(BinaryOp::Multiply, bad, 1.0);
    g.set_outputs(&[one]);
    assert!(!g.errors().is_empty());
    let mut cx = PassCx::new(Fast);
    run(&mut g, &mut cx);
    // mul_one may fire (its node is valid), but the invalid add is kept with its error.
    assert!(
        g.errors()
            .iter()
            .any(|(n, _)| g.node(*n).op == crate::op::Op::Binary(BinaryOp::Add))
    );
}

#[test]
fn deep_chains_finish() {
    // 10 000 nested ops: no recursion in the driver, the rules or like_terms.
    let mut g = Graph::new("deep");
    let x = g.input("x", DType::F64, Shape::from([Dim::from("n")]));
    let mut v = x;
    for k in 0..5_000 {
        let op = if k % 2 == 0 {
            BinaryOp::Add
        } else {
            BinaryOp::Subtract
        };
        v = g.binary(op, v, 1.0);
        v = g.binary(BinaryOp::Add, v, x);
    }
    g.set_outputs(&[v]);
    let (out, record) = simplify(&g, Algebraic, 10_000);
    // x plus 5000 x's collects to x * 5001.0; the +1/-1 constants cancel.
    let mut want = Graph::new("deep");
    let x = want.input("x", DType::F64, Shape::from([Dim::from("n")]));
    let r = want.binary(BinaryOp::Multiply, x, 5_001.0);
    want.set_outputs(&[r]);
    assert_eq!(out, want, "{}", print(&out));
    assert_eq!(record.stop, Some(StopReason::Saturated(2)));
    // Under Strict nothing applies, and the graph is left as it was.
    let (out, _) = simplify(&g, Strict, 10_000);
    assert_eq!(out, g);
}
