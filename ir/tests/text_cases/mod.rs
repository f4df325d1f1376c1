//! Canonical texts shared by the text-form tests: what the printer produces, covering every
//! op kind, every dtype, symbolic and fixed shapes, weak and strong literals.

/// Canonical texts: `print(parse(s)) == s`.
pub const CANONICAL: &[&str] = &[
    "graph %like_terms(a: f64[n], m: bool[n]) -> (f64[n], f64[]) {
    v1: f64[n] = multiply a, 2.0
    v2: f64[n] = multiply a, 3.0
    v3: f64[n] = add v1, v2
    v4: f64[n] = where m, v3, 0.0
    v5: f64[] = sum v4, axes=[0]
    return v4, v5
}
",
    "graph %all_dtypes(b: bool[2], c: i8[2], d: i16[2], e: i32[2], f: i64[2], g: u8[2], h: u16[2], i: u32[2], j: u64[2], k: f32[2], l: f64[2]) -> (bool[2], i8[2], i16[2], i32[2], i64[2], u8[2], u16[2], u32[2], u64[2], f32[2], f64[2]) {
    v1: bool[2] = logical_not b
    v2: i8[2] = add c, -128
    v3: i16[2] = subtract d, 32767
    v4: i32[2] = multiply e, -2147483648
    v5: i64[2] = floor_divide f, 9223372036854775807
    v6: u8[2] = add g, 255
    v7: u16[2] = remainder h, 65535
    v8: u32[2] = bitwise_and i, 4294967295
    v9: u64[2] = bitwise_or j, 18446744073709551615
    v10: f32[2] = multiply k, 0.1
    v11: f64[2] = multiply l, 0.1
    return v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11
}
",
    "graph %literals(x: f32[3], y: i8[3], z: u8[3], w: f64[]) -> (f32[3], f64[3], i16[3], i64[3], f64[3], f64[3], f32[3], f64[]) {
    v1: f32[3] = multiply x, 2.0
    v2: f64[3] = multiply y, 2.0
    v3: i16[3] = add y, 3u8
    v4: i64[3] = add z, 300i64
    v5: f64[3] = maximum v2, nan
    v6: f64[3] = minimum v5, -inf
    v7: f32[3] = add v1, 1e-7
    v8: f64[] = copysign w, -0.0
    return v1, v2, v3, v4, v5, v6, v7, v8
}
",
    "graph %strong(x: f64[4], n: i64[4], m: bool[4]) -> (f64[4], i64[4], i64[4], f64[4], bool[4]) {
    v1: f64[4] = add x, 2.5f32
    v2: i64[4] = add n, truebool
    v3: i64[4] = where m, n, 7i8
    v4: f64[4] = where m, inff32, -1.5e-7
    v5: bool[4] = logical_and m, false
    return v1, v2, v3, v4, v5
}
",
    "graph %consts() -> (f64[], i64[], bool[], f32[], u8[]) {
    return 5.0, -3, true, nanf32, 255u8
}
",
    "graph %passthrough(a: f64[n, m]) -> (f64[n, m], f64[n, m]) {
    return a, a
}
",
    "graph %none(a: f64[]) -> () {
    return
}
",
    "graph %unary(x: f64[n]) -> f64[n] {
    v1: f64[n] = negative x
    v2: f64[n] = positive v1
    v3: f64[n] = absolute v2
    v4: f64[n] = sign v3
    v5: f64[n] = sqrt v4
    v6: f64[n] = cbrt v5
    v7: f64[n] = square v6
    v8: f64[n] = reciprocal v7
    v9: f64[n] = exp v8
    v10: f64[n] = exp2 v9
    v11: f64[n] = expm1 v10
    v12: f64[n] = log v11
    v13: f64[n] = log2 v12
    v14: f64[n] = log10 v13
    v15: f64[n] = log1p v14
    v16: f64[n] = sin v15
    v17: f64[n] = cos v16
    v18: f64[n] = tan v17
    v19: f64[n] = arcsin v18
    v20: f64[n] = arccos v19
    v21: f64[n] = arctan v20
    v22: f64[n] = sinh v21
    v23: f64[n] = cosh v22
    v24: f64[n] = tanh v23
    v25: f64[n] = arcsinh v24
    v26: f64[n] = arccosh v25
    v27: f64[n] = arctanh v26
    v28: f64[n] = floor v27
    v29: f64[n] = ceil v28
    v30: f64[n] = trunc v29
    v31: f64[n] = rint v30
    return v31
}
",
    "graph %predicates(x: f32[n], k: i32[n]) -> (bool[n], i32[n]) {
    v1: bool[n] = isnan x
    v2: bool[n] = isinf x
    v3: bool[n] = logical_or v1, v2
    v4: bool[n] = isfinite x
    v5: bool[n] = logical_xor v3, v4
    v6: bool[n] = less x, 1.0
    v7: bool[n] = less_equal x, 2.0
    v8: bool[n] = greater v6, v7
    v9: bool[n] = greater_equal v5, v8
    v10: bool[n] = equal k, 3
    v11: bool[n] = not_equal v9, v10
    v12: i32[n] = invert k
    v13: i32[n] = left_shift v12, 2
    v14: i32[n] = right_shift v13, 1
    v15: i32[n] = bitwise_xor v14, k
    return v11, v15
}
",
    "graph %binary(a: f64[n, 1], b: f64[1, m]) -> f64[n, m] {
    v1: f64[n, m] = divide a, b
    v2: f64[n, m] = power v1, 0.5
    v3: f64[n, m] = fmax v2, a
    v4: f64[n, m] = fmin v3, b
    v5: f64[n, m] = arctan2 v4, 1.0
    v6: f64[n, m] = hypot v5, v5
    v7: f64[n, m] = fmod v6, 3.0
    return v7
}
",
    "graph %reductions(x: f32[4, n, 3]) -> (f32[], f32[4, 1, 3], f32[n], i64[4, 3], i64[], bool[n], bool[4, n, 1], f32[4, 3], f32[n]) {
    v1: f32[] = sum x, axes=[0, 1, 2]
    v2: f32[4, 1, 3] = prod x, axes=[1], keepdims
    v3: f32[n] = min x, axes=[0, 2]
    v4: i64[4, 3] = argmax x, axes=[1]
    v5: i64[] = argmin x, axes=[0, 1, 2]
    v6: bool[n] = any x, axes=[0, 2]
    v7: bool[4, n, 1] = all x, axes=[2], keepdims
    v8: f32[4, 3] = mean x, axes=[1]
    v9: f32[n] = max x, axes=[0, 2]
    return v1, v2, v3, v4, v5, v6, v7, v8, v9
}
",
    "graph %scans(x: i8[5, 7]) -> (i64[5, 7], i64[5, 7], i8[5, 7], i8[5, 7]) {
    v1: i64[5, 7] = cumsum x, axis=1
    v2: i64[5, 7] = cumprod x, axis=0
    v3: i8[5, 7] = cummax x, axis=1
    v4: i8[5, 7] = cummin x, axis=0
    return v1, v2, v3, v4
}
",
    "graph %views(x: f64[4, 3, n]) -> (f64[3, 4, n], f64[2, 3, n], f64[1, 4, 3, n, 1], f64[12, n], f64[2, 4, 3, n]) {
    v1: f64[3, 4, n] = permute x, [1, 0, 2]
    v2: f64[2, 3, n] = slice x, [1::2, :, :]
    v3: f64[1, 4, 3, n, 1] = expand_dims x, [0, 4]
    v4: f64[4, 3, n] = squeeze v3, [0, 4]
    v5: f64[12, n] = reshape v4
    v6: f64[2, 4, 3, n] = broadcast x
    return v1, v2, v3, v5, v6
}
",
    "graph %slices(x: u16[10, 4, 7, 5]) -> (u16[10, 2, 3, 0], u16[4, 4, 7, 1], u16[5, 1, 1, 5]) {
    v1: u16[10, 2, 3, 0] = slice x, [::-1, 1:3, 2:5, 0:0]
    v2: u16[4, 4, 7, 1] = slice x, [8:0:-2, ::-1, :, 4:]
    v3: u16[5, 1, 1, 5] = slice x, [1::2, ::-5, 5::-7, :]
    return v1, v2, v3
}
",
    "graph %casts(x: f64[n], i: i64[n]) -> (f32[n], u8[n], bool[n], f64[n]) {
    v1: f32[n] = cast x
    v2: u8[n] = cast i
    v3: bool[n] = cast v2
    v4: f64[n] = cast v3
    return v1, v2, v3, v4
}
",
    "graph %matmul(a: f32[n, k], b: f32[k, 8]) -> f32[n, 8] {
    v1: f32[n, 8] = call matmul(a, b)
    v2: f32[n, 8] = multiply v1, 0.5
    return v2
}
",
    "graph %softmax(x: f64[r, c]) -> f64[r, c] {
    v1: f64[r, 1] = max x, axes=[1], keepdims
    v2: f64[r, c] = subtract x, v1
    v3: f64[r, c] = exp v2
    v4: f64[r, 1] = sum v3, axes=[1], keepdims
    v5: f64[r, c] = divide v3, v4
    return v5
}
",
    "graph %ill_typed(a: f64[3], b: i64[4]) -> f32[7] {
    v1: f32[7] = add a, b
    return v1
}
",
];
