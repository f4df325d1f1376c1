// The seed's section 9, "NumPy in Machine Learning — From Scratch": the 2-layer `SimpleNN`
// (Xavier initialisation, ReLU hidden layer, sigmoid output, binary cross-entropy, backprop and
// mini-batch SGD), shared by `examples/neural_net.rs` and `tests/seed_neural_net.rs` through
// `include!` (a directory without `main.rs`, so cargo does not build this file as an example).
//
// Invariants the methods keep (the test checks each against NumPy):
// 1. Every method evaluates the seed's expression in the seed's order (`1 - y_pred + eps` is
//    `(1 - y_pred) + eps`, the update is `W -= lr * dW`), so the only differences from NumPy
//    are the summation order of matmuls and sums and the last bit of `exp`/`log`.
// 2. `forward` keeps `X`, `Z1`, `A1`, `Z2`, `A2` on the model, as the seed's `self.X = X` does;
//    `backward` reads them, so it must follow the `forward` of the same batch.
// 3. `train` draws nothing itself: the permutation of each epoch comes from the caller, so a
//    test can replay NumPy's permutations and the example can draw its own with a numfuse
//    generator. Batches are `indices[i:i+batch_size]`, the last one shorter (1000 = 31*32 + 8).
// 4. The epoch loss is the sum of the batch losses over `n / batch_size` (31.25 here, not the
//    32 batches), as in the seed.

use numfuse::Axes;
use numfuse::ir::BinaryOp;
use numfuse::ops::{binary, binary_inplace};
use numfuse::prelude::*;
use numfuse::random::default_rng;

/// The value of a 0-d or one-element array as `f64` (NumPy's `.item()`).
pub fn scalar(a: &Array) -> Result<f64> {
    Ok(a.astype(DType::F64).to_vec::<f64>()?[0])
}

/// The hyper-parameters of [`SimpleNN::train`].
#[derive(Clone, Copy, Debug)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// The SGD step.
    pub lr: f64,
    /// Rows per mini-batch (the last batch of an epoch may be shorter).
    pub batch_size: usize,
}

/// A simple 2-layer neural network for binary classification.
#[derive(Clone, Debug)]
pub struct SimpleNN {
    /// `(input_dim, hidden_dim)` weights of the hidden layer.
    pub w1: Array,
    /// `(1, hidden_dim)` bias of the hidden layer.
    pub b1: Array,
    /// `(hidden_dim, output_dim)` weights of the output layer.
    pub w2: Array,
    /// `(1, output_dim)` bias of the output layer.
    pub b2: Array,
    /// The input of the last `forward` (`self.X`).
    pub x: Array,
    /// `X @ W1 + b1` of the last `forward`.
    pub z1: Array,
    /// `relu(Z1)`.
    pub a1: Array,
    /// `A1 @ W2 + b2`.
    pub z2: Array,
    /// `sigmoid(Z2)`, the predicted probabilities.
    pub a2: Array,
}

impl SimpleNN {
    /// The seed's `__init__`: Xavier-scaled normal weights from `default_rng(seed)`, zero
    /// biases. numfuse's generator is not NumPy's, so the weights differ from the seed's.
    pub fn new(input_dim: usize, hidden_dim: usize, output_dim: usize, seed: u64) -> Result<Self> {
        let mut rng = default_rng(seed);
        // Xavier initialization
        let scale1 = (2.0 / input_dim as f64).sqrt();
        let scale2 = (2.0 / hidden_dim as f64).sqrt();
        let w1 = rng.normal(0.0, scale1, &[input_dim, hidden_dim])?;
        let w2 = rng.normal(0.0, scale2, &[hidden_dim, output_dim])?;
        Ok(Self::from_weights(w1, w2))
    }

    /// A network with the given weights (NumPy's draws, in the test) and zero biases.
    pub fn from_weights(w1: Array, w2: Array) -> Self {
        let (hidden_dim, output_dim) = (w1.shape()[1], w2.shape()[1]);
        let empty = Array::zeros(&[0], DType::F64);
        SimpleNN {
            w1,
            b1: Array::zeros(&[1, hidden_dim], DType::F64),
            w2,
            b2: Array::zeros(&[1, output_dim], DType::F64),
            x: empty.clone(),
            z1: empty.clone(),
            a1: empty.clone(),
            z2: empty.clone(),
            a2: empty,
        }
    }

    /// `np.maximum(x, 0)`.
    pub fn relu(x: &Array) -> Result<Array> {
        x.maximum(0.0)
    }

    /// `(x > 0).astype(float)`.
    pub fn relu_grad(x: &Array) -> Result<Array> {
        Ok(x.greater(0.0)?.astype(DType::F64))
    }

    /// `1 / (1 + np.exp(-np.clip(x, -500, 500)))`: clipped so `exp` cannot overflow.
    pub fn sigmoid(x: &Array) -> Result<Array> {
        let e = x.clip(-500.0, 500.0)?.negative()?.exp()?;
        binary(BinaryOp::TrueDivide, 1.0, &binary(BinaryOp::Add, 1.0, &e)?)
    }

    /// The forward pass; keeps the intermediates for `backward`.
    pub fn forward(&mut self, x: &Array) -> Result<Array> {
        self.x = x.clone();
        self.z1 = x.matmul(&self.w1)?.try_add(&self.b1)?; // Linear: (n, hidden)
        self.a1 = Self::relu(&self.z1)?; // ReLU: (n, hidden)
        self.z2 = self.a1.matmul(&self.w2)?.try_add(&self.b2)?; // Linear: (n, output)
        self.a2 = Self::sigmoid(&self.z2)?; // Sigmoid: (n, output)
        Ok(self.a2.clone())
    }

    /// The same forward pass as one lazy expression: both matmuls run in the eager library,
    /// the bias adds, ReLU and the clipped sigmoid fuse around them.
    pub fn forward_lazy(&self, x: &Array) -> Expr {
        let z1 = x.lazy().matmul(&self.w1) + &self.b1;
        let a1 = z1.maximum(0.0);
        let z2 = a1.matmul(&self.w2) + &self.b2;
        let e = (-z2.clip(-500.0, 500.0)).exp();
        1.0 / (1.0 + e)
    }

    /// Binary cross-entropy, `-mean(y log(p + eps) + (1 - y) log(1 - p + eps))`.
    pub fn compute_loss(y_pred: &Array, y_true: &Array) -> Result<f64> {
        let eps = 1e-8;
        let pos = y_true.try_mul(&y_pred.try_add(eps)?.log()?)?;
        let one_minus_y = binary(BinaryOp::Subtract, 1.0, y_true)?;
        let one_minus_p = binary(BinaryOp::Subtract, 1.0, y_pred)?;
        let neg = one_minus_y.try_mul(&one_minus_p.try_add(eps)?.log()?)?;
        Ok(-scalar(&pos.try_add(&neg)?.mean(None)?)?)
    }

    /// The gradients `(dW1, db1, dW2, db2)` of the mean loss of the last `forward`'s batch.
    pub fn backward(&self, y_true: &Array) -> Result<[Array; 4]> {
        let n = y_true.shape()[0] as f64;
        let keep0 = || Axes::from(0).keepdims();
        // Output layer gradient
        let dz2 = self.a2.try_sub(y_true)?.try_div(n)?; // (n, 1)
        let dw2 = self.a1.t().matmul(&dz2)?; // (hidden, 1)
        let db2 = dz2.sum(keep0())?; // (1, 1)
        // Hidden layer gradient
        let da1 = dz2.matmul(&self.w2.t())?; // (n, hidden)
        let dz1 = da1.try_mul(&Self::relu_grad(&self.z1)?)?; // (n, hidden)
        let dw1 = self.x.t().matmul(&dz1)?; // (input, hidden)
        let db1 = dz1.sum(keep0())?; // (1, hidden)
        Ok([dw1, db1, dw2, db2])
    }

    /// `W -= lr * dW` for each parameter, in place.
    pub fn update(&mut self, grads: &[Array; 4], lr: f64) -> Result<()> {
        let params = [&mut self.w1, &mut self.b1, &mut self.w2, &mut self.b2];
        for (p, g) in params.into_iter().zip(grads) {
            binary_inplace(BinaryOp::Subtract, p, &g.try_mul(lr)?)?;
        }
        Ok(())
    }

    /// Mini-batch SGD. `permutation(epoch)` gives the epoch's order of the rows (the seed's
    /// `rng.permutation(n)`); `on_epoch(epoch, model, loss)` runs after each epoch (the seed
    /// prints the loss every 20 epochs there). Returns the loss of every epoch.
    pub fn train(
        &mut self,
        x: &Array,
        y: &Array,
        config: TrainConfig,
        mut permutation: impl FnMut(usize) -> Result<Array>,
        mut on_epoch: impl FnMut(usize, &SimpleNN, f64),
    ) -> Result<Vec<f64>> {
        let n = x.shape()[0];
        let bs = config.batch_size;
        let mut losses = Vec::with_capacity(config.epochs);
        for epoch in 0..config.epochs {
            // Mini-batch SGD
            let indices = permutation(epoch)?;
            let mut epoch_loss = 0.0;
            for i in (0..n).step_by(bs) {
                let batch_idx = indices.slice(s![i as isize..(i + bs) as isize])?;
                let x_batch = x.index(idx![&batch_idx])?;
                let y_batch = y.index(idx![&batch_idx])?;
                let y_pred = self.forward(&x_batch)?;
                epoch_loss += Self::compute_loss(&y_pred, &y_batch)?;
                let gradients = self.backward(&y_batch)?;
                self.update(&gradients, config.lr)?;
            }
            let loss = epoch_loss / (n as f64 / bs as f64);
            losses.push(loss);
            on_epoch(epoch, self, loss);
        }
        Ok(losses)
    }
}

/// `np.mean((y_pred > 0.5) == y)`.
pub fn accuracy(y_pred: &Array, y: &Array) -> Result<f64> {
    scalar(&y_pred.greater(0.5)?.equal(y)?.mean(None)?)
}
