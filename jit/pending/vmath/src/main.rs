//! Scratch driver for the vmath routines: prints the accuracy/speed table.

#[path = "vmath.rs"]
mod vmath;
#[path = "vmath_tests.rs"]
mod vmath_tests;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() > 1 && args[1].starts_with("check") {
        let only = args.get(2).cloned().unwrap_or_default();
        for op in vmath_tests::all_ops() {
            if !format!("{op:?}").contains(&only) {
                continue;
            }
            for ty in vmath::SUPPORTED {
                let w = vmath_tests::check(op, ty);
                println!("{op:?} {ty}: {} ulps over {} at {:?}", w.ulps, w.count, w.at);
            }
        }
    } else if args.len() > 1 && args[1] == "disasm" {
        let op = vmath_tests::all_ops().into_iter().find(|o| format!("{o:?}").contains(&args[2])).unwrap();
        let ty = vmath::SUPPORTED.into_iter().find(|t| t.to_string() == args[3]).unwrap();
        let u = args.get(4).map_or(1, |a| a.parse().unwrap());
        let _ = vmath_tests::Kernel::compile(op, ty, u, "none");
    } else if args.len() > 1 && args[1] == "exhaustive32" {
        // Every f32 from +0 up to the argument (as f32 bits), both signs, through the f32x4 kernel.
        use vmath::MathFn;
        let hi = args[3].parse::<f32>().unwrap().to_bits();
        let f = match args[2].as_str() {
            "sin" => MathFn::Sin,
            "cos" => MathFn::Cos,
            "tan" => MathFn::Tan,
            other => MathFn::ALL.into_iter().find(|m| m.name() == other).unwrap(),
        };
        let op = vmath_tests::Op::Unary(f);
        let k = vmath_tests::Kernel::compile(op, vmath::SUPPORTED[1], 2, "none");
        let mut worst = (0u32, 0.0f32);
        let mut bits = 0u32;
        let mut a = Vec::with_capacity(1 << 20);
        let mut out = vec![0.0f32; 1 << 20];
        while bits <= hi {
            a.clear();
            while a.len() < (1 << 20) && bits <= hi {
                let x = f32::from_bits(bits);
                a.push(x);
                a.push(-x);
                bits += 1;
            }
            let o = &mut out[..a.len()];
            k.run_f32(&a, &[], o);
            for (x, y) in a.iter().zip(o.iter()) {
                let want = vmath_tests::ref32(op, *x, 0.0);
                let d = (y.to_bits() as i64 - want.to_bits() as i64).unsigned_abs() as u32;
                let d = if want.is_nan() && y.is_nan() { 0 } else { d };
                if d > worst.0 {
                    worst = (d, *x);
                }
            }
        }
        println!("{} f32x4 exhaustive |x| <= {}: max {} ulps at {}", f.name(), args[3], worst.0, worst.1);
    } else if args.len() > 1 && args[1] == "eval" {
        let op = vmath_tests::all_ops().into_iter().find(|o| format!("{o:?}").ends_with(&format!("({})", args[2]))).unwrap();
        let x: Vec<f64> = args[3..].iter().map(|a| a.parse().unwrap()).collect();
        let k = vmath_tests::Kernel::compile(op, vmath::SUPPORTED[0], 1, "none");
        let mut out = vec![0.0; x.len()];
        k.run_f64(&x, &[], &mut out);
        for (a, o) in x.iter().zip(&out) {
            println!("{a:e} -> {o:e} (libm {:e})", vmath_tests::ref64(op, *a, 0.0));
        }
    } else if args.len() > 1 && args[1] == "speed" {
        for op in vmath_tests::all_ops() {
            if !format!("{op:?}").contains(&args[2]) {
                continue;
            }
            for u in [1, 2, 4] {
                for opt in ["none", "speed"] {
                    for ty in [vmath::SUPPORTED[0], vmath::SUPPORTED[1]] {
                        let t = vmath_tests::time_kernel(op, ty, u, opt);
                        println!("{op:?} {ty} x{u} {opt}: {t:.2} ns/elem");
                    }
                }
            }
        }
    } else {
        print!("{}", vmath_tests::bench_table());
    }
}
