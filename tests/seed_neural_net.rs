//! The seed's section 9 (the 2-layer `SimpleNN` trained with mini-batch SGD), as
//! `examples/neural_net.rs` computes it, on NumPy's own data, initial weights and per-epoch
//! permutations, against NumPy running the seed's code (`scripts/seed_ref/neural_net.py`,
//! data under `tests/data/seed/neural_net/`).
//!
//! Exact: `relu_grad` (a comparison), the clipped sigmoid's saturation, the labels, and the
//! accuracy of the replayed training. Tolerances, and why:
//! - rtol 1e-12 for one batch's forward pass, loss and gradients: the matmuls (NumPy's go
//!   through BLAS) and the sums over the batch may add their 4 to 32 terms in another order,
//!   and `exp`/`log` may differ from NumPy's in the last bit; each step is a few ulps from
//!   NumPy's. Gradients are sums of terms of both signs, so they get an absolute floor of 1e-12
//!   times the largest gradient entry of the same array.
//!   Measured: 1.3e-13 for dW1 (its smallest entries), under 1e-15 elsewhere; db2 exact.
//! - rtol 1e-9 for the weights and losses after each of 5 replayed epochs (160 SGD steps) and
//!   after the whole 100 epochs (3200 steps): those few-ulp differences feed into every later
//!   step. Measured (the test prints it with `--nocapture`): at most 6e-15 after 5 epochs and
//!   1.6e-14 after 100 (W1), 6e-16 for the losses; b2 exact. The training does not amplify
//!   rounding: perturbing NumPy's own initial weights by 1e-15 moves its weights by at most
//!   4e-14 after 5 epochs and 9e-14 after 100. 1e-9 leaves room for another summation order
//!   and still fails on any wrong step (a wrong batch or update is off by far more).
//! - The lazy forward pass equals the eager one within 1e-15 (the same matmuls; the fused
//!   `exp` could differ from the eager one in the last bit; measured: bit-identical).

mod common;

mod seed_lib {
    include!("../examples/seed_lib/neural_net.rs");
}

use common::{assert_array_eq, load_npy};
use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::testing::assert_allclose;
use seed_lib::{SimpleNN, TrainConfig, accuracy, scalar};

fn npy(name: &str) -> Array {
    load_npy(&format!("seed/neural_net/{name}.npy"))
}

/// Same dtype and shape as NumPy's, elements within `rtol` (and `atol` near 0).
fn assert_close(got: &Array, want: &Array, rtol: f64, atol: f64, what: &str) {
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    assert_allclose(got, want, rtol, atol);
}

/// The largest `|got - want| / |want|` over the elements.
fn max_rel(got: &Array, want: &Array) -> f64 {
    let (g, w) = (got.to_vec::<f64>().unwrap(), want.to_vec::<f64>().unwrap());
    g.iter()
        .zip(&w)
        .map(|(g, w)| (g - w).abs() / w.abs())
        .fold(0.0, f64::max)
}

fn max_abs(a: &Array) -> f64 {
    scalar(&a.abs().unwrap().max(None).unwrap()).unwrap()
}

/// The network with NumPy's Xavier draws.
fn numpy_model() -> SimpleNN {
    SimpleNN::from_weights(npy("W1_init"), npy("W2_init"))
}

/// The seed's hyper-parameters, for `epochs` epochs.
fn config(epochs: usize) -> TrainConfig {
    TrainConfig {
        epochs,
        lr: 0.1,
        batch_size: 32,
    }
}

/// Row `epoch` of NumPy's permutations (stored as uint16), as int64 indices.
fn numpy_perm(perms: &Array, epoch: usize) -> Result<Array> {
    Ok(perms.index(idx![epoch as isize])?.astype(DType::I64))
}

#[test]
fn labels_are_the_seeds() {
    let x = npy("X");
    let col = |j: isize| x.index(idx![.., j]).unwrap();
    let y = col(0)
        .try_add(&col(1))
        .unwrap()
        .greater(0.0)
        .unwrap()
        .try_bitand(&col(2).greater(0.0).unwrap())
        .unwrap()
        .astype(DType::F64)
        .reshape(&[-1, 1])
        .unwrap();
    assert_array_eq(&y, &npy("y"), "y");
}

#[test]
fn new_draws_xavier_weights_and_zero_biases() {
    let a = SimpleNN::new(4, 8, 1, 42).unwrap();
    let b = SimpleNN::new(4, 8, 1, 42).unwrap();
    assert_eq!(a.w1.shape(), &[4, 8]);
    assert_eq!(a.w2.shape(), &[8, 1]);
    assert_array_eq(&a.w1, &b.w1, "same seed, same W1");
    assert_array_eq(&a.w2, &b.w2, "same seed, same W2");
    assert_array_eq(&a.b1, &Array::zeros(&[1, 8], DType::F64), "b1");
    assert_array_eq(&a.b2, &Array::zeros(&[1, 1], DType::F64), "b2");
    // 32 draws with std sqrt(2/4) = 0.71: their sample std is within 0.3 of it.
    let std = scalar(&a.w1.std(None, 0).unwrap()).unwrap();
    assert!((std - 0.5f64.sqrt()).abs() < 0.3, "W1 std {std}");
}

#[test]
fn activations_match_numpy_definitions() {
    let x = array![-1000.0, -500.0, -1.5, 0.0, 1e-300, 2.0, 800.0];
    assert_eq!(
        SimpleNN::relu_grad(&x).unwrap().to_vec::<f64>().unwrap(),
        vec![0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0]
    );
    assert_eq!(
        SimpleNN::relu(&x).unwrap().to_vec::<f64>().unwrap(),
        vec![0.0, 0.0, 0.0, 0.0, 1e-300, 2.0, 800.0]
    );
    // Clipped at ±500, the sigmoid saturates without overflow: exp(500) is finite.
    let s = SimpleNN::sigmoid(&x).unwrap().to_vec::<f64>().unwrap();
    assert_eq!(s[0], s[1]);
    assert!(s[0] > 0.0 && s[0] < 1e-200);
    assert_eq!((s[3], s[6]), (0.5, 1.0));
}

#[test]
fn forward_loss_and_gradients_of_one_batch_match_numpy() {
    let (x, y, batch_idx) = (npy("X"), npy("y"), npy("batch_idx"));
    // The batch is the first 32 rows of NumPy's first permutation.
    assert_array_eq(
        &batch_idx,
        &numpy_perm(&npy("perms"), 0)
            .unwrap()
            .slice(s![..32])
            .unwrap(),
        "batch_idx",
    );
    let mut model = numpy_model();
    let x_batch = x.index(idx![&batch_idx]).unwrap();
    let y_batch = y.index(idx![&batch_idx]).unwrap();
    let y_pred = model.forward(&x_batch).unwrap();
    assert_close(&model.z1, &npy("Z1"), 1e-12, 0.0, "Z1");
    assert_close(&model.a1, &npy("A1"), 1e-12, 0.0, "A1");
    assert_close(&model.z2, &npy("Z2"), 1e-12, 0.0, "Z2");
    assert_close(&y_pred, &npy("A2"), 1e-12, 0.0, "A2");
    let loss = SimpleNN::compute_loss(&y_pred, &y_batch).unwrap();
    let want = scalar(&npy("loss")).unwrap();
    assert!(
        (loss - want).abs() <= 1e-12 * want,
        "loss {loss} vs NumPy {want}"
    );
    let grads = model.backward(&y_batch).unwrap();
    for (g, name) in grads.iter().zip(["dW1", "db1", "dW2", "db2"]) {
        let want = npy(name);
        eprintln!("{name}: max relative difference {:.1e}", max_rel(g, &want));
        assert_close(g, &want, 1e-12, 1e-12 * max_abs(&want), name);
    }
}

#[test]
fn five_replayed_epochs_match_numpy() {
    let (x, y, perms) = (npy("X"), npy("y"), npy("perms"));
    let mut model = numpy_model();
    let mut after = Vec::new();
    let losses = model
        .train(
            &x,
            &y,
            config(5),
            |epoch| numpy_perm(&perms, epoch),
            |_, m, _| after.push([m.w1.clone(), m.b1.clone(), m.w2.clone(), m.b2.clone()]),
        )
        .unwrap();
    let want_losses = npy("epoch_losses");
    let got_losses = Array::from_vec(losses, &[5]).unwrap();
    eprintln!(
        "epoch losses: max relative difference {:.1e}",
        max_rel(&got_losses, &want_losses)
    );
    assert_close(&got_losses, &want_losses, 1e-9, 0.0, "epoch_losses");
    for (k, name) in ["W1", "b1", "W2", "b2"].iter().enumerate() {
        let want_all = npy(&format!("epoch_{name}"));
        for (epoch, params) in after.iter().enumerate() {
            let want = want_all.index(idx![epoch as isize]).unwrap();
            let rel = max_rel(&params[k], &want);
            eprintln!("epoch {epoch} {name}: max relative difference {rel:.1e}");
            assert_close(&params[k], &want, 1e-9, 0.0, name);
        }
    }
}

#[test]
fn full_replayed_training_matches_numpy() {
    let (x, y, perms) = (npy("X"), npy("y"), npy("perms"));
    let mut model = numpy_model();
    let losses = model
        .train(
            &x,
            &y,
            config(100),
            |epoch| numpy_perm(&perms, epoch),
            |_, _, _| {},
        )
        .unwrap();
    let got_losses = Array::from_vec(losses, &[100]).unwrap();
    eprintln!(
        "losses: max relative difference {:.1e}",
        max_rel(&got_losses, &npy("losses"))
    );
    assert_close(&got_losses, &npy("losses"), 1e-9, 0.0, "losses");
    let finals = [&model.w1, &model.b1, &model.w2, &model.b2];
    for (got, name) in finals.into_iter().zip(["W1", "b1", "W2", "b2"]) {
        let want = npy(&format!("final_{name}"));
        eprintln!(
            "final {name}: max relative difference {:.1e}",
            max_rel(got, &want)
        );
        assert_close(got, &want, 1e-9, 0.0, name);
    }
    let y_pred = model.forward(&x).unwrap();
    assert_close(&y_pred, &npy("y_pred"), 1e-9, 0.0, "y_pred");
    // The same predictions on the same side of 0.5: the accuracy is NumPy's exactly.
    let acc = accuracy(&y_pred, &y).unwrap();
    assert_eq!(acc, scalar(&npy("accuracy")).unwrap());
}

#[test]
fn training_with_numfuse_permutations_reaches_numpy_accuracy() {
    let (x, y) = (npy("X"), npy("y"));
    let mut model = numpy_model();
    let mut rng = default_rng(42);
    let losses = model
        .train(&x, &y, config(100), |_| rng.permutation(1000), |_, _, _| {})
        .unwrap();
    let y_pred = model.forward(&x).unwrap();
    let acc = accuracy(&y_pred, &y).unwrap();
    let numpy_acc = scalar(&npy("accuracy")).unwrap();
    eprintln!(
        "accuracy {acc} (NumPy {numpy_acc}), final loss {}",
        losses[99]
    );
    assert!(acc >= 0.95, "accuracy {acc}, NumPy {numpy_acc}");
    // Other permutations, the same regime of loss as NumPy's run.
    let numpy_final = scalar(&npy("losses").index(idx![-1]).unwrap()).unwrap();
    assert!(losses[99] < 2.0 * numpy_final, "final loss {}", losses[99]);
}

#[test]
fn lazy_forward_equals_eager_on_numpy_final_weights() {
    let x = npy("X");
    let mut model = numpy_model();
    model.w1 = npy("final_W1");
    model.b1 = npy("final_b1");
    model.w2 = npy("final_W2");
    model.b2 = npy("final_b2");
    let eager = model.forward(&x).unwrap();
    let lazy = model.forward_lazy(&x).eval().unwrap();
    eprintln!(
        "lazy vs eager: max relative difference {:.1e}",
        max_rel(&lazy, &eager)
    );
    assert_close(&lazy, &eager, 1e-15, 0.0, "lazy forward");
    assert_close(&eager, &npy("y_pred"), 1e-12, 0.0, "y_pred");
}
