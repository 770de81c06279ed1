#!/usr/bin/env python3
"""NumPy/SciPy peer of Safran and Shamir's computations in Verifier, for side-by-side timing with `verifier bench
--only path-monotone` and `--only basin-qp` (start-up excluded: the clock runs around the computation only).

  path START.json TARGET.json   the monotone path's 201 + 100 samples by the same construction (rescaled straight
                                line, then the rescaling of W*), in float64; it samples the curve, it proves nothing
  basin POINT.json              the basin value: min (s/2)||J U - y||^2 over the point's activation cone in the
                                coordinates u_i = |v_i| w_i, by SciPy (SLSQP), in float64
  experiment DRAWS.json         the basin-quality experiment on given draws (as `verifier bench --only
                                basin-experiment` writes them: the data, the threshold and each draw's W and v):
                                per width, how many draws have L(W0) >= L(0) and a basin value <= threshold * L(0);
                                the draws are spread over --workers processes (one per core), as Verifier spreads them
                                over threads

Instances: bias-free networks with one hidden ReLU layer (basin) or any ReLU depth (path), loss mse, as written by
`verifier generate mlp ... --bias false`. Prints one JSON document with the median seconds over --repeat runs.
Debian: python3-numpy python3-scipy.
"""
import argparse
import json
import multiprocessing
import os
import statistics
import time
from fractions import Fraction

import numpy as np
from scipy.optimize import minimize


def number(v):
    return float(Fraction(v)) if isinstance(v, str) else float(v)


def load(path):
    with open(path) as f:
        inst = json.load(f)
    x = np.array([[number(v) for v in row] for row in inst["data"]["x"]])
    y = np.array([number(row[0]) for row in inst["data"]["y"]])
    ws = [np.array([[number(v) for v in row] for row in layer["W"]]) for layer in inst["weights"]]
    return x, y, ws


def outputs(x, ws):
    a = x.T
    for w in ws[:-1]:
        a = np.maximum(w @ a, 0.0)
    return (ws[-1] @ a).ravel()


def loss(x, y, ws):
    return 0.5 * np.mean((outputs(x, ws) - y) ** 2)


def path(x, y, w0, w1):
    s = 1.0 / len(y)
    l0, lz = loss(x, y, w0), 0.5 * np.mean(y ** 2)
    n1 = outputs(x, w1)
    a1, b1 = s * (y @ n1), 0.5 * s * (n1 @ n1)
    c_star, c2 = a1 / (2 * b1), a1 / b1
    samples = []
    for k in range(201):
        lam = k / 200
        p = [u + lam * (v - u) for u, v in zip(w0, w1)]
        n = outputs(x, p)
        a, b = s * (y @ n), 0.5 * s * (n @ n)
        t = l0 + lam * (lz - l0)
        c = 1.0 if k == 0 else c2 if k == 200 else (a + np.sqrt(a * a + 4 * b * (t - lz))) / (2 * b)
        q = p[:-1] + [c * p[-1]]
        samples.append(loss(x, y, q))
    for k in range(1, 101):
        c = c2 + (c_star - c2) * k / 100
        samples.append(loss(x, y, w1[:-1] + [c * w1[-1]]))
    return samples


def basin(x, y, ws):
    w, v = ws[0], ws[1].ravel()
    return basin_of(x, y, w, v)


def basin_of(x, y, w, v):
    m, d = x.shape
    h = w.shape[0]
    active = (x @ w.T) > 0
    j = np.zeros((m, h * d))
    for i in range(h):
        j[:, i * d:(i + 1) * d] = np.sign(v[i]) * active[:, i:i + 1] * x
    u0 = (np.abs(v)[:, None] * w).ravel()
    rows = []
    for i in range(h):
        for t in range(m):
            a = np.zeros(h * d)
            a[i * d:(i + 1) * d] = x[t] if active[t, i] else -x[t]
            rows.append(a)
    cons = np.array(rows)
    s = 1.0 / m
    res = minimize(lambda u: 0.5 * s * np.sum((j @ u - y) ** 2), u0, jac=lambda u: s * j.T @ (j @ u - y), method="SLSQP",
                   constraints=[{"type": "ineq", "fun": lambda u: cons @ u, "jac": lambda u: cons}], options={"ftol": 1e-12, "maxiter": 1000})
    return float(res.fun)


_shared = {}


def _share(x, y):
    _shared["x"], _shared["y"] = x, y


def _draw(draw):
    x, y = _shared["x"], _shared["y"]
    w = np.array(draw["W"], dtype=float)
    v = np.array(draw["v"], dtype=float)
    return draw["cell"], loss(x, y, [w, v[None, :]]) >= 0.5 * np.mean(y ** 2), basin_of(x, y, w, v)


def experiment(problem, pool):
    x = np.array(problem["x"], dtype=float)
    y = np.array(problem["y"], dtype=float)
    zero = 0.5 * np.mean(y ** 2)
    cells = {}
    for c, high, value in pool.map(_draw, problem["draws"], chunksize=4):
        cell = cells.setdefault(c, {"runs": 0, "high": 0, "good": 0})
        cell["runs"] += 1
        cell["high"] += int(high)
        cell["good"] += int(value <= problem["threshold"] * zero)
    return [cells[c] for c in sorted(cells)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["path", "basin", "experiment"])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--workers", type=int, default=os.cpu_count(), help="experiment: worker processes, one per core by default (started before the clock)")
    args = ap.parse_args()
    if args.mode == "path":
        x, y, w0 = load(args.files[0])
        _, _, w1 = load(args.files[1])
        work = lambda: path(x, y, w0, w1)[-1]
    elif args.mode == "experiment":
        with open(args.files[0]) as f:
            problem = json.load(f)
        x, y = np.array(problem["x"], dtype=float), np.array(problem["y"], dtype=float)
        pool = multiprocessing.Pool(args.workers, initializer=_share, initargs=(x, y))
        pool.map(_draw, problem["draws"][:args.workers])  # warm the workers outside the timing
        work = lambda: experiment(problem, pool)
    else:
        x, y, ws = load(args.files[0])
        work = lambda: basin(x, y, ws)
    times, value = [], None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - t0)
    print(json.dumps({"mode": args.mode, "medianSeconds": statistics.median(times), "value": value, "repeat": args.repeat}))


if __name__ == "__main__":
    main()
