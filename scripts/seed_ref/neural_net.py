#!/usr/bin/env python3
"""NumPy reference for examples/neural_net.rs: the seed's section 9, "NumPy in Machine Learning —
From Scratch" (a 2-layer network trained with mini-batch SGD).

Run from the repository root:

    python3 scripts/seed_ref/neural_net.py

The seed's class and usage run below verbatim, at the seed's size (n = 1000, 4 features, 8 hidden
units, 100 epochs, lr 0.1, batch 32), with its `np.random.seed(42)` for X and its
`default_rng(42)` for the weights and the per-epoch permutations. The only change to the seed's
code is an optional `record` list that `train` appends each epoch's permutation, loss and weights
to, so the Rust side (whose generator is not NumPy's) can replay NumPy's training exactly.
It writes, under tests/data/seed/neural_net/ (about 260 kB in all):

    inputs:   X (1000, 4) float64, y (1000, 1) float64 (the seed's data and labels)
              W1_init (4, 8), W2_init (8, 1) float64 (the Xavier draws; b1, b2 start at 0)
              perms (100, 1000) uint16: rng.permutation(n) of every epoch, so the whole
              training replays (uint16 rather than NumPy's int64 to keep the file at 200 kB)
    one batch (the first of epoch 0, from the initial weights):
              batch_idx (32,) int64, Z1, A1 (32, 8), Z2, A2 (32, 1), loss () float64,
              dW1 (4, 8), db1 (1, 8), dW2 (8, 1), db2 (1, 1)
    5 epochs: epoch_W1 (5, 4, 8), epoch_b1 (5, 1, 8), epoch_W2 (5, 8, 1), epoch_b2 (5, 1, 1)
              (the weights after each epoch), epoch_losses (5,)
    full run: losses (100,) float64 (every epoch's mean loss), final_W1, final_b1, final_W2,
              final_b2, y_pred (1000, 1) = model.forward(X) after training, accuracy () float64
"""

import os

import numpy as np

OUT = os.path.join("tests", "data", "seed", "neural_net")
RECORDED_EPOCHS = 5


# A simple 2-layer neural network for binary classification
class SimpleNN:
    def __init__(self, input_dim, hidden_dim, output_dim, seed=42):
        rng = np.random.default_rng(seed)
        # Xavier initialization
        scale1 = np.sqrt(2.0 / input_dim)
        scale2 = np.sqrt(2.0 / hidden_dim)
        self.W1 = rng.normal(0, scale1, (input_dim, hidden_dim))
        self.b1 = np.zeros((1, hidden_dim))
        self.W2 = rng.normal(0, scale2, (hidden_dim, output_dim))
        self.b2 = np.zeros((1, output_dim))

    def relu(self, x):
        return np.maximum(x, 0)

    def relu_grad(self, x):
        return (x > 0).astype(float)

    def sigmoid(self, x):
        return 1 / (1 + np.exp(-np.clip(x, -500, 500)))  # Clip for stability

    def forward(self, X):
        self.X = X
        self.Z1 = X @ self.W1 + self.b1  # Linear: (n, hidden)
        self.A1 = self.relu(self.Z1)  # ReLU: (n, hidden)
        self.Z2 = self.A1 @ self.W2 + self.b2  # Linear: (n, output)
        self.A2 = self.sigmoid(self.Z2)  # Sigmoid: (n, output)
        return self.A2

    def compute_loss(self, y_pred, y_true):
        # Binary cross-entropy
        eps = 1e-8
        return -np.mean(y_true * np.log(y_pred + eps) + (1 - y_true) * np.log(1 - y_pred + eps))

    def backward(self, y_true):
        n = len(y_true)
        # Output layer gradient
        dZ2 = (self.A2 - y_true) / n  # (n, 1)
        dW2 = self.A1.T @ dZ2  # (hidden, 1)
        db2 = dZ2.sum(axis=0, keepdims=True)  # (1, 1)
        # Hidden layer gradient
        dA1 = dZ2 @ self.W2.T  # (n, hidden)
        dZ1 = dA1 * self.relu_grad(self.Z1)  # (n, hidden)
        dW1 = self.X.T @ dZ1  # (input, hidden)
        db1 = dZ1.sum(axis=0, keepdims=True)  # (1, hidden)
        return dW1, db1, dW2, db2

    def update(self, dW1, db1, dW2, db2, lr=0.01):
        self.W1 -= lr * dW1
        self.b1 -= lr * db1
        self.W2 -= lr * dW2
        self.b2 -= lr * db2

    def train(self, X, y, epochs=100, lr=0.01, batch_size=32, record=None):
        n = len(X)
        losses = []
        rng = np.random.default_rng(42)
        for epoch in range(epochs):
            # Mini-batch SGD
            indices = rng.permutation(n)
            epoch_loss = 0
            for i in range(0, n, batch_size):
                batch_idx = indices[i:i+batch_size]
                X_batch = X[batch_idx]
                y_batch = y[batch_idx]
                y_pred = self.forward(X_batch)
                loss = self.compute_loss(y_pred, y_batch)
                epoch_loss += loss
                gradients = self.backward(y_batch)
                self.update(*gradients, lr=lr)
            losses.append(epoch_loss / (n / batch_size))
            if record is not None:  # not in the seed: what the Rust side replays
                record.append((indices, losses[-1], self.W1.copy(), self.b1.copy(),
                               self.W2.copy(), self.b2.copy()))
            if epoch % 20 == 0:
                print(f"Epoch {epoch}: Loss = {losses[-1]:.4f}")
        return losses


def main():
    os.makedirs(OUT, exist_ok=True)
    saved = {}
    # Usage
    np.random.seed(42)
    n = 1000
    X = np.random.randn(n, 4)
    y = ((X[:, 0] + X[:, 1] > 0) & (X[:, 2] > 0)).astype(float).reshape(-1, 1)
    model = SimpleNN(input_dim=4, hidden_dim=8, output_dim=1)
    saved.update(X=X, y=y, W1_init=model.W1.copy(), W2_init=model.W2.copy())

    # One batch from the initial weights: the first 32 rows of epoch 0's permutation.
    probe = SimpleNN(input_dim=4, hidden_dim=8, output_dim=1)
    batch_idx = np.random.default_rng(42).permutation(n)[:32]
    y_pred = probe.forward(X[batch_idx])
    loss = probe.compute_loss(y_pred, y[batch_idx])
    dW1, db1, dW2, db2 = probe.backward(y[batch_idx])
    saved.update(batch_idx=batch_idx, Z1=probe.Z1, A1=probe.A1, Z2=probe.Z2, A2=probe.A2,
                 loss=np.float64(loss), dW1=dW1, db1=db1, dW2=dW2, db2=db2)

    record = []
    losses = model.train(X, y, epochs=100, lr=0.1, batch_size=32, record=record)
    perms = np.stack([r[0] for r in record])
    assert perms.max() < 2**16
    saved["perms"] = perms.astype(np.uint16)
    first = record[:RECORDED_EPOCHS]
    saved["epoch_losses"] = np.array([r[1] for r in first])
    for k, name in enumerate(["W1", "b1", "W2", "b2"]):
        saved["epoch_" + name] = np.stack([r[2 + k] for r in first])

    # Evaluate
    y_pred = model.forward(X)
    accuracy = np.mean((y_pred > 0.5) == y)
    print(f"Final accuracy: {accuracy:.4f}")
    saved.update(losses=np.array(losses), final_W1=model.W1, final_b1=model.b1,
                 final_W2=model.W2, final_b2=model.b2, y_pred=y_pred,
                 accuracy=np.float64(accuracy))

    total = 0
    for name, arr in saved.items():
        path = os.path.join(OUT, name + ".npy")
        np.save(path, arr)
        total += os.path.getsize(path)
        print(f"{name}: {arr.dtype} {arr.shape}")
    print(f"{total} bytes")


if __name__ == "__main__":
    main()
