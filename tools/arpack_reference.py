#!/usr/bin/env python3
"""Independent reference for `verifier hessian --method lanczos`: Hessian-vector products of an instance's loss by
PyTorch double backward, and ARPACK (scipy.sparse.linalg.eigsh) over them. Prints one JSON document with the
median HVP time, the eigenvalues, ARPACK's product count and wall time, and the residuals ||Hv - lambda v||.
Debian: python3-torch python3-scipy (with libopenblas0-pthread).

The same instance file as verifier's, read the same way (decimals as written, "p/q" strings exactly), and the
same loss convention (mse = 1/(2N) sum of squared errors, sse = 1/2 sum).

Usage: tools/arpack_reference.py INSTANCE.json [--k 5] [--which LA|SA] [--tol 1e-6] [--reps 15] [--threads N]
  --reps 0 skips the separate HVP timing (its medians are then null): what `verifier bench` runs, so that the process
  does what `verifier hessian --method lanczos` does (read, prepare, iterate, residuals, print) and nothing else.
"""
import argparse
import json
import statistics
import time
import numpy as np
import scipy.sparse.linalg as sla
import torch

from reference_instance import ACTIVATIONS as funcs, load

torch.set_default_dtype(torch.float64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("instance")
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--which", default="LA", choices=["LA", "SA"])
    ap.add_argument("--tol", type=float, default=1e-6, help="ARPACK tol (0: machine precision)")
    ap.add_argument("--reps", type=int, default=15, help="HVPs timed (median reported; 0: none)")
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)

    t_start = time.perf_counter()
    spec, x, y, weights = load(a.instance)
    layers, act, out, bias, loss_kind = spec["layers"], spec["activation"], spec["output"], spec["bias"], spec["loss"]
    params = [t.requires_grad_(True) for w, b in weights for t in ((w, b) if bias else (w,))]
    t_read = time.perf_counter() - t_start
    depth = len(layers) - 1
    scale = 1.0 / x.shape[0] if loss_kind == "mse" else 1.0

    def loss():
        h = x
        k = 0
        for l in range(1, depth + 1):
            z = h @ params[k].T
            k += 1
            if bias:
                z = z + params[k]
                k += 1
            h = funcs[out if l == depth else act](z)
        r = h - y
        return 0.5 * scale * (r * r).sum()

    P = sum(p.numel() for p in params)

    def unflat(v):
        res, i = [], 0
        for p in params:
            res.append(v[i:i + p.numel()].view_as(p))
            i += p.numel()
        return res

    def flat(ts):
        return torch.cat([t.reshape(-1) for t in ts])

    g_ret = torch.autograd.grad(loss(), params, create_graph=True)

    def hvp(v):
        return flat(torch.autograd.grad(g_ret, params, grad_outputs=unflat(v), retain_graph=True))

    def hvp_fresh(v):
        g = torch.autograd.grad(loss(), params, create_graph=True)
        return flat(torch.autograd.grad(g, params, grad_outputs=unflat(v)))

    gen = torch.Generator().manual_seed(7)
    vs = [torch.randn(P, generator=gen) for _ in range(a.reps)]
    times_reuse, times_fresh = [], []
    for v in vs:
        t0 = time.perf_counter()
        hvp(v)
        times_reuse.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        hvp_fresh(v)
        times_fresh.append(time.perf_counter() - t0)

    count = {"n": 0}

    def mv(v):
        count["n"] += 1
        return hvp(torch.from_numpy(np.ascontiguousarray(v, dtype=np.float64).reshape(-1))).numpy()

    op = sla.LinearOperator((P, P), matvec=mv, dtype=np.float64)
    v0 = np.random.default_rng(3).standard_normal(P)
    t0 = time.perf_counter()
    vals, vecs = sla.eigsh(op, k=a.k, which=a.which, tol=a.tol, v0=v0)
    t_eigsh = time.perf_counter() - t0
    n_eigsh = count["n"]
    order = np.argsort(vals)
    resid = [float(np.linalg.norm(mv(vecs[:, i]) - vals[i] * vecs[:, i])) for i in order]
    print(json.dumps({
        "instance": spec["name"], "parameterCount": P, "samples": int(x.shape[0]),
        "torch": torch.__version__, "torchThreads": torch.get_num_threads(),
        "readSeconds": round(t_read, 4),
        "hvpReuseMedianSeconds": statistics.median(times_reuse) if times_reuse else None,
        "hvpFreshMedianSeconds": statistics.median(times_fresh) if times_fresh else None,
        "which": a.which, "k": a.k, "tol": a.tol,
        "eigshSeconds": round(t_eigsh, 4), "eigshProducts": n_eigsh,
        "eigenvalues": [float(vals[i]) for i in order], "residuals": resid,
        "totalSeconds": round(time.perf_counter() - t_start, 4),
    }))


if __name__ == "__main__":
    main()
