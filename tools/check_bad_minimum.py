#!/usr/bin/env python3
"""Independent check of a bad local minimum written by `verifier search bad-local-min`.

Reads the instance (the minimum) and its witness, rebuilds the network in PyTorch (float64 autograd, no Verifier
code), and prints the gradient norm and the Hessian's eigenvalues at the minimum and the two losses. It exits 0 when
the gradient is at rounding level, the Hessian is positive definite and the witness's loss is lower; 1 otherwise.
With --non-strict (ReLU minima, split minima: rescaling or split lines give null directions) the Hessian need only be
positive semidefinite within rounding; second order cannot show those are minima, so this checks consistency only.

    python3 tools/check_bad_minimum.py MIN.json MIN.witness.json [--non-strict]
"""
import json
import sys
from fractions import Fraction

import torch

torch.set_default_dtype(torch.float64)


def number(v):
    return float(Fraction(v)) if isinstance(v, str) else float(v)


def load(path):
    with open(path) as f:
        doc = json.load(f)
    net = doc["network"]
    x = torch.tensor([[number(v) for v in row] for row in doc["data"]["x"]])
    y = torch.tensor([[number(v) for v in row] for row in doc["data"]["y"]])
    layers = [(torch.tensor([[number(v) for v in r] for r in l["W"]]), torch.tensor([number(v) for v in l.get("b", [])]))
              for l in doc["weights"]]
    return net, doc["loss"], x, y, layers


ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "linear": lambda z: z}


def loss_fn(net, loss, x, y, shapes):
    def f(theta):
        k, h = 0, x
        for i, (ws, bs) in enumerate(shapes):
            w = theta[k:k + ws.numel()].reshape(ws.shape); k += ws.numel()
            z = h @ w.T
            if bs.numel():
                z = z + theta[k:k + bs.numel()]; k += bs.numel()
            h = ACT[net["activation"] if i < len(shapes) - 1 else net.get("output", "linear")](z)
        r = h - y
        if loss == "mse":
            return 0.5 * (r * r).sum() / x.shape[0]
        if loss == "sse":
            return 0.5 * (r * r).sum()
        s = 2 * y - 1
        return torch.nn.functional.softplus(-s * h).mean()
    return f


def flat(layers):
    return torch.cat([t.reshape(-1) for w, b in layers for t in (w, b)])


def main():
    net, loss, x, y, layers = load(sys.argv[1])
    _, _, xw, yw, witness = load(sys.argv[2])
    assert torch.equal(x, xw) and torch.equal(y, yw), "the witness must have the same data"
    f = loss_fn(net, loss, x, y, layers)
    theta = flat(layers).requires_grad_(True)
    value = f(theta)
    grad = torch.autograd.grad(value, theta)[0]
    hess = torch.autograd.functional.hessian(f, theta.detach())
    eig = torch.linalg.eigvalsh(hess)
    lower = f(flat(witness)).item()
    # Rounding level of the gradient: a few ulps of the loss's terms times the Hessian's scale.
    tol = 1e-12 * max(1.0, eig.abs().max().item())
    print(f"loss at the minimum  {value.item():.17g}")
    print(f"loss at the witness  {lower:.17g}")
    print(f"gradient norm        {grad.norm().item():.3e} (tolerance {tol:.1e})")
    print("Hessian eigenvalues  " + ", ".join(f"{e:.6e}" for e in eig.tolist()))
    strict = "--non-strict" not in sys.argv[3:]
    curvature_ok = eig.min().item() > 0 if strict else eig.min().item() >= -tol
    ok = grad.norm().item() <= tol and curvature_ok and lower < value.item()
    print("independent check: " + ("confirmed" if ok else "NOT confirmed"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
