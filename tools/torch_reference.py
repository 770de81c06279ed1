#!/usr/bin/env python3
"""Independent float64 reference for `verifier analyze`: loss, gradient norm and Hessian eigenvalues by
PyTorch automatic differentiation (Debian: python3-torch). Prints one JSON document.

Also reports the time of the Hessian (torch.autograd.functional.hessian) and of eigvalsh, for side-by-side
benchmarks against `verifier hessian --method dense`.

Usage: tools/torch_reference.py INSTANCE.json
"""
import json
import sys
import time

import torch

from reference_instance import ACTIVATIONS as funcs, load

torch.set_default_dtype(torch.float64)


def main(path):
    spec, x, y, weights = load(path)
    layers, act, out, bias, loss_kind = spec["layers"], spec["activation"], spec["output"], spec["bias"], spec["loss"]
    theta = torch.cat([t.reshape(-1) for w, b in weights for t in ((w, b) if bias else (w,))])

    def loss(t):
        a = x
        k = 0
        depth = len(layers) - 1
        for l in range(1, depth + 1):
            n_in, n_out = layers[l - 1], layers[l]
            w = t[k:k + n_in * n_out].reshape(n_out, n_in)
            k += n_in * n_out
            z = a @ w.T
            if bias:
                z = z + t[k:k + n_out]
                k += n_out
            a = funcs[out if l == depth else act](z)
        r = a - y
        scale = 1.0 / x.shape[0] if loss_kind == "mse" else 1.0
        return 0.5 * scale * (r * r).sum()

    t = theta.clone().requires_grad_(True)
    value = loss(t)
    (grad,) = torch.autograd.grad(value, t)
    t0 = time.perf_counter()
    h = torch.autograd.functional.hessian(loss, theta)
    t1 = time.perf_counter()
    eig = torch.linalg.eigvalsh(h)
    t2 = time.perf_counter()
    print(json.dumps({
        "parameterCount": theta.numel(),
        "loss": value.item(),
        "gradientNorm": grad.norm().item(),
        "eigenvalues": eig.tolist(),
        "hessianSeconds": t1 - t0,
        "eigenSeconds": t2 - t1,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
