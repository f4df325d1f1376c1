//! The seed's section 9, "NumPy in Machine Learning — From Scratch", in numfuse: the 2-layer
//! `SimpleNN` (Xavier initialisation, ReLU, sigmoid clipped for stability, binary cross-entropy,
//! backward pass, SGD update) trained with mini-batch SGD on 1000 points labelled
//! `(x0 + x1 > 0) & (x2 > 0)`, then its accuracy on the training set.
//!
//! Run with `cargo run --example neural_net` (the seed's 100 epochs, lr 0.1, batch 32);
//! `--quick` trains 20 epochs, for CI in the debug profile. The seed's `np.random.seed(42)` and
//! `default_rng(42)` become numfuse's `default_rng(42)`, whose draws are not NumPy's, so the
//! data, the initial weights and the permutations differ from the seed's and the printed losses
//! differ from its printout; `tests/seed_neural_net.rs` replays NumPy's own data, weights and
//! permutations and compares the forward pass, the loss, the gradients and the trained weights.
//! `train` takes each epoch's permutation from the caller, here the seed's `rng.permutation(n)`.
//!
//! Asserted: the accuracy exceeds 0.9 (NumPy's run reaches 0.99; 20 epochs reach the same
//! regime), the loss falls, the gradients of one batch match central finite differences of the
//! loss, and the lazy forward pass (both matmuls, the bias adds, ReLU and the sigmoid as one
//! expression, evaluated with `.eval()`) equals the eager one. The seed times nothing here; the
//! example times the forward pass over all of `X` eager and lazy and prints both (never
//! asserted). The lazy graph runs as 4 kernels: the two matmuls are library calls, and the
//! bias add + ReLU and the bias add + clipped sigmoid each fuse into one loop. At this size
//! (8000 hidden activations) building and planning the graph on every `eval` costs about as
//! much as the arithmetic, so lazy is not faster here, least of all in the debug profile.

mod seed_lib {
    include!("seed_lib/neural_net.rs");
}

use numfuse::prelude::*;
use numfuse::random::default_rng;
use seed_lib::{SimpleNN, TrainConfig, accuracy, scalar};
use std::time::Instant;

/// The loss of the network on a batch, without touching `model`'s cached intermediates.
fn loss_of(model: &SimpleNN, x: &Array, y: &Array) -> Result<f64> {
    let mut m = model.clone();
    let y_pred = m.forward(x)?;
    SimpleNN::compute_loss(&y_pred, y)
}

/// `[W1, b1, W2, b2]`, in the order `backward` returns their gradients.
fn params_mut(m: &mut SimpleNN) -> [&mut Array; 4] {
    [&mut m.w1, &mut m.b1, &mut m.w2, &mut m.b2]
}

/// Checks `backward` against central differences of the loss on a few weights of each layer.
fn check_gradients(model: &SimpleNN, x: &Array, y: &Array) -> Result<()> {
    let mut m = model.clone();
    m.forward(x)?;
    let grads = m.backward(y)?;
    let h = 1e-6;
    for (k, g) in grads.iter().enumerate() {
        let g = g.to_vec::<f64>()?;
        for (j, want) in g.iter().enumerate().take(3) {
            let shifted = |delta: f64| -> Result<f64> {
                let mut p = model.clone();
                if let Some(param) = params_mut(&mut p).into_iter().nth(k) {
                    let mut v = param.to_vec::<f64>()?;
                    v[j] += delta;
                    *param = Array::from_vec(v, param.shape())?;
                }
                loss_of(&p, x, y)
            };
            let numeric = (shifted(h)? - shifted(-h)?) / (2.0 * h);
            assert!(
                (numeric - want).abs() <= 1e-6 * want.abs().max(1e-3),
                "gradient {k}[{j}]: backward {want}, finite difference {numeric}"
            );
        }
    }
    Ok(())
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    // Usage
    let mut rng = default_rng(42);
    let n = 1000;
    let x = rng.standard_normal(&[n, 4]);
    let col = |j: isize| x.index(idx![.., j]);
    let y = col(0)?
        .try_add(&col(1)?)?
        .greater(0.0)?
        .try_bitand(&col(2)?.greater(0.0)?)?
        .astype(DType::F64)
        .reshape(&[-1, 1])?;
    println!(
        "X: {:?}, y: {:?}, positive fraction {:.3}",
        x.shape(),
        y.shape(),
        scalar(&y.mean(None)?)?
    );
    let mut model = SimpleNN::new(4, 8, 1, 42)?;

    // The gradients of one batch against finite differences, before training.
    let batch = Array::arange(32.0, DType::F64).astype(DType::I64);
    check_gradients(&model, &x.index(idx![&batch])?, &y.index(idx![&batch])?)?;

    let epochs = if quick { 20 } else { 100 };
    let config = TrainConfig {
        epochs,
        lr: 0.1,
        batch_size: 32,
    };
    let mut train_rng = default_rng(42);
    let start = Instant::now();
    let losses = model.train(
        &x,
        &y,
        config,
        |_| train_rng.permutation(n),
        |epoch, _, loss| {
            if epoch % 20 == 0 {
                println!("Epoch {epoch}: Loss = {loss:.4}");
            }
        },
    )?;
    println!(
        "({epochs} epochs in {:.2} s, {:.2} ms per epoch)",
        start.elapsed().as_secs_f64(),
        start.elapsed().as_secs_f64() * 1e3 / epochs as f64
    );
    assert!(losses[losses.len() - 1] < losses[0] / 2.0, "loss falls");

    // Evaluate
    let y_pred = model.forward(&x)?;
    let acc = accuracy(&y_pred, &y)?;
    println!("Final accuracy: {acc:.4}");
    assert!(acc > 0.9, "accuracy {acc}");

    // The forward pass over all of X, eager and as one fused lazy expression.
    let expr = model.forward_lazy(&x);
    let explain = expr.explain()?;
    if let Some(line) = explain.lines().find(|l| l.starts_with("-- kernels:")) {
        let kernels = line.trim_matches(|c: char| !c.is_ascii_digit());
        // Two library matmuls and the two fused elementwise loops after them.
        println!(
            "lazy forward: {kernels} kernels (2 matmul calls, bias+ReLU and bias+sigmoid fused)"
        );
    }
    let lazy = expr.eval()?;
    numfuse::testing::assert_allclose(&lazy, &y_pred, 1e-15, 0.0);
    let reps = if quick { 20 } else { 200 };
    let start = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(model.forward(&x)?);
    }
    let eager_us = start.elapsed().as_secs_f64() * 1e6 / reps as f64;
    let start = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(model.forward_lazy(&x).eval()?);
    }
    let lazy_us = start.elapsed().as_secs_f64() * 1e6 / reps as f64;
    println!(
        "forward on X {:?}: eager {eager_us:.1} µs, lazy {lazy_us:.1} µs",
        x.shape()
    );
    Ok(())
}
