#!/usr/bin/env python3
"""The LAPACK floor of a dense symmetric spectrum on this machine: NumPy's eigvalsh (LAPACK dsyevd, eigenvalues only,
through the BLAS NumPy is linked with) on a random symmetric n x n matrix, timed around the call alone (matrix
generation, interpreter start-up and imports are outside the clock). `verifier bench` compares `analyze` (Hessian
assembly + all eigenvalues + classification) at P parameters with this floor at n = P.

Usage: tools/eigvalsh_floor.py --n 3073 [--seed 1] [--repeat 1] [--warm-up 0]
  --n        the matrix order
  --seed     seed of the matrix (entries standard normal, then symmetrised as (A + A^T)/2)
  --repeat   timed calls (each on a fresh copy of the matrix); the median is reported
  --warm-up  untimed calls before the timed ones
Prints one JSON document: n, seed, seconds (each timed call), median, numpy (version), smallest and largest
eigenvalue of the last call.
Debian: python3-numpy.
"""
import argparse
import json
import statistics
import time

import numpy as np


def main():
    ap = argparse.ArgumentParser(description="NumPy eigvalsh on a random symmetric matrix, timed around the call.")
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--warm-up", type=int, default=0)
    a = ap.parse_args()
    if a.n < 1 or a.repeat < 1 or a.warm_up < 0:
        ap.error("--n and --repeat must be at least 1, --warm-up at least 0")

    rng = np.random.default_rng(a.seed)
    m = rng.standard_normal((a.n, a.n))
    m = (m + m.T) / 2
    for _ in range(a.warm_up):
        np.linalg.eigvalsh(m.copy())
    seconds, values = [], None
    for _ in range(a.repeat):
        c = m.copy()
        t0 = time.perf_counter()
        values = np.linalg.eigvalsh(c)
        seconds.append(time.perf_counter() - t0)
    print(json.dumps({
        "n": a.n, "seed": a.seed, "seconds": seconds, "median": statistics.median(seconds),
        "numpy": np.__version__, "smallest": float(values[0]), "largest": float(values[-1]),
    }))


if __name__ == "__main__":
    main()
