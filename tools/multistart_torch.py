#!/usr/bin/env python3
"""PyTorch peer of the multistart phase of `verifier search bad-local-min`, for the side-by-side timing of `verifier
bench --only search-multistart` (start-up excluded: the clock runs around the multistart only).

Each start runs Verifier's two phases (Optimizer, trust-region method), in PyTorch, float64:
  1. torch.optim.LBFGS (strong-Wolfe line search, history 10) until the gradient's 2-norm is at most the hand-over
     threshold (handOver, Verifier's PolishThreshold 1e-4), until it stalls (PyTorch's own test: loss or step change
     below 1e-9), or until it has used 90 % of the iteration limit;
  2. Newton polishing with the exact autograd Hessian, damped (Levenberg-Marquardt) where the full step would raise
     the loss, until the gradient reaches Verifier's tolerance, until it stops falling (stallIterations iterations
     without falling below 0.9 of its best, Verifier's stall rule), or at the iteration limit (both phases together).
A run counts as converged by Verifier's rule: ||g|| <= min(c*eps*(sqrt(P)*max(1,|L|) + ||H||*||theta||),
ceiling*max(1,|L|)), with the exact spectral norm of the Hessian (Verifier estimates it by power iteration).
Verifier's second phase is a trust-region Newton method; Levenberg-Marquardt damping is its nearest simple cousin.
With --hand-over 1e-10, L-BFGS instead runs to a gradient of 1e-10 before Newton takes over: on this landscape (the
limits are plateaus of saturated sigmoids, with nearly singular Hessians) that takes thousands of iterations per start
and converges fewer runs.

Network: one hidden layer of sigmoid units, linear output, biases; loss mse = 1/(2N) * sum (f(x) - y)^2. Parameters in
Verifier's order: W1 (hidden x input, row-major), b1, W2 (output x hidden, row-major), b2.

Parallelism: a pool of worker processes (default: one per core), each with one torch thread, one start per task. The
problems are tiny (P = 9, N <= 10): torch's intra-op threads have nothing to split in a 9-element tensor, and the
optimiser's control flow is Python under the GIL, so separate processes are the only way to use every core.

  multistart_torch.py PROBLEM.json [--repeat 5] [--workers N] [--hand-over G]
      runs the multistart --repeat times after one untimed warm-up run; prints one JSON document with the median
      seconds, the runs that converged and the best losses
  multistart_torch.py --serve [--workers N] [--hand-over G]
      what `verifier bench` runs: the problem as the first line of stdin; after an untimed warm-up run prints one JSON
      line (ready: true, the warm-up's results); then for each line "run" on stdin runs the multistart once and prints
      one JSON line; exits at the end of stdin

The problem (one JSON document; the bench writes it from C#, so both sides start from the same points):
  {"layers": [2, 2, 1], "x": [[...], ...], "y": [[...], ...], "starts": [[P numbers], ...], "maxIterations": 3000,
   "handOver": 1e-4, "history": 10, "stallIterations": 25, "gradientCeiling": 1e-10, "toleranceFactor": 16,
   "startLosses": [...]}
startLosses (optional) is the loss at each start as Verifier computes it; a start whose loss here differs by more than
1e-12 relative is an error, which catches any difference in data or parameter order.
Each result has seconds, runs, converged, bestLoss (over every finite end point), bestConvergedLoss, losses (the final
loss of each start, in order; null when not finite), lbfgsIterations and newtonIterations (totals over the starts).
Debian: python3-torch.
"""
import argparse
import json
import math
import multiprocessing
import os
import statistics
import sys
import time

import torch

EPS = 2.0 ** -52
_problem = None  # the problem, in each worker process (set by _init)


class Problem:
    """The data as float64 tensors and the settings of one multistart."""

    def __init__(self, doc):
        layers = doc["layers"]
        if len(layers) != 3:
            raise ValueError("only networks with one hidden layer (n0-h-n2) are supported")
        self.d, self.h, self.o = layers
        self.x = torch.tensor(doc["x"], dtype=torch.float64).reshape(-1, self.d)
        self.y = torch.tensor(doc["y"], dtype=torch.float64).reshape(-1, self.o)
        self.p = self.h * self.d + self.h + self.o * self.h + self.o
        self.max_iterations = int(doc.get("maxIterations", 3000))
        self.hand_over = float(doc.get("handOver", 1e-4))
        self.history = int(doc.get("history", 10))
        self.stall = int(doc.get("stallIterations", 25))
        self.gradient_ceiling = float(doc.get("gradientCeiling", 1e-10))
        self.tolerance_factor = float(doc.get("toleranceFactor", 16))
        self.starts = [[float(v) for v in s] for s in doc["starts"]]
        if any(len(s) != self.p for s in self.starts):
            raise ValueError(f"every start point needs {self.p} entries")
        self.start_losses = doc.get("startLosses")

    def loss(self, theta):
        d, h, o = self.d, self.h, self.o
        w1 = theta[:h * d].view(h, d)
        b1 = theta[h * d:h * d + h]
        k = h * d + h
        w2 = theta[k:k + o * h].view(o, h)
        b2 = theta[k + o * h:]
        f = torch.sigmoid(self.x @ w1.T + b1) @ w2.T + b2
        return 0.5 * ((f - self.y) ** 2).sum() / self.x.shape[0]

    def value_and_gradient(self, theta):
        t = theta.detach().requires_grad_()
        value = self.loss(t)
        (g,) = torch.autograd.grad(value, t)
        return value.detach(), g

    def hessian(self, theta):
        return torch.autograd.functional.hessian(self.loss, theta.detach(), vectorize=True)

    def tolerance(self, loss, theta, hessian):
        """Verifier's gradient tolerance at a point, with the exact spectral norm of the Hessian; and that norm."""
        scale = max(1.0, abs(loss))
        h_norm = float(torch.linalg.eigvalsh(hessian).abs().max())
        rounding = self.tolerance_factor * EPS * (math.sqrt(self.p) * scale + h_norm * float(theta.norm()))
        return min(rounding, self.gradient_ceiling * scale), h_norm


def one_start(problem, start):
    """L-BFGS, then damped Newton polishing, from one start; returns (loss, converged, L-BFGS iterations, Newton iterations)."""
    budget = problem.max_iterations
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    # As in Verifier: L-BFGS until the hand-over gradient (LBFGS tests the largest entry: hand_over/sqrt(P) there bounds
    # the 2-norm), until it stalls (PyTorch's own test: the loss or the step changes by less than 1e-9), or until it has
    # used 90 % of the iterations; Newton polishing gets the rest.
    lbfgs = torch.optim.LBFGS([theta], lr=1, max_iter=max(1, budget - max(1, budget // 10)),
                              tolerance_grad=problem.hand_over / math.sqrt(problem.p), tolerance_change=1e-9,
                              history_size=problem.history, line_search_fn="strong_wolfe")

    def closure():
        lbfgs.zero_grad()
        value = problem.loss(theta)
        value.backward()
        return value

    try:
        lbfgs.step(closure)
    except RuntimeError:
        pass
    lbfgs_iterations = lbfgs.state[lbfgs._params[0]].get("n_iter", 0)
    point = theta.detach().clone()
    value, g = problem.value_and_gradient(point)
    if not (torch.isfinite(value) and torch.isfinite(g).all()):
        return float("nan"), False, lbfgs_iterations, 0

    # Newton polishing with the exact Hessian, damped (Levenberg-Marquardt) where the full step would raise the loss:
    # the limits here are saturated plateaus whose Hessians are nearly singular, where a full step can fly off. A
    # step is taken when the loss does not rise beyond its rounding; the phase ends when the gradient reaches
    # Verifier's tolerance, after `stall` iterations without the gradient norm falling below 0.9 of its best (the
    # gradient has stopped falling), or at the iteration limit.
    hessian = problem.hessian(point)
    g_norm = float(g.norm())
    best, since, mu, newton = g_norm, 0, 0.0, 0
    eye = torch.eye(problem.p, dtype=torch.float64)
    converged = False
    while True:
        tolerance, h_norm = problem.tolerance(float(value), point, hessian)
        if g_norm <= tolerance:
            converged = True
            break
        if since >= problem.stall or lbfgs_iterations + newton >= budget:
            break
        newton += 1
        try:
            step = torch.linalg.solve(hessian + mu * eye, g)
        except RuntimeError:
            step = None
        taken = False
        if step is not None and torch.isfinite(step).all():
            trial = point - step
            t_value, t_g = problem.value_and_gradient(trial)
            if torch.isfinite(t_value) and torch.isfinite(t_g).all() and float(t_value) <= float(value) + 4 * EPS * abs(float(value)):
                point, value, g, g_norm = trial, t_value, t_g, float(t_g.norm())
                hessian = problem.hessian(point)
                mu = mu / 4 if mu > 1e-14 * h_norm else 0.0
                taken = True
        if not taken:
            mu = max(4 * mu, 1e-10 * max(h_norm, 1e-300))
        if g_norm < 0.9 * best:
            best, since = g_norm, 0
        else:
            since += 1
    return float(value), converged, lbfgs_iterations, newton


def _init(doc):
    global _problem
    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    _problem = Problem(doc)


def _run(k):
    return one_start(_problem, _problem.starts[k])


def check_start_losses(problem):
    if problem.start_losses is None:
        return
    for k, (start, expected) in enumerate(zip(problem.starts, problem.start_losses)):
        ours = float(problem.loss(torch.tensor(start, dtype=torch.float64)))
        if abs(ours - expected) > 1e-12 * max(abs(expected), 1e-300):
            raise ValueError(f"start {k}: loss {ours!r} here, {expected!r} in the problem: the data or parameter order differ")


def multistart(pool, problem):
    t0 = time.perf_counter()
    results = pool.map(_run, range(len(problem.starts)), chunksize=1)
    seconds = time.perf_counter() - t0
    losses = [r[0] for r in results]
    finite = [v for v in losses if math.isfinite(v)]
    converged = [r[0] for r in results if r[1]]
    return {
        "seconds": seconds,
        "runs": len(results),
        "converged": len(converged),
        "bestLoss": min(finite) if finite else None,
        "bestConvergedLoss": min(converged) if converged else None,
        "losses": [v if math.isfinite(v) else None for v in losses],
        "lbfgsIterations": sum(r[2] for r in results),
        "newtonIterations": sum(r[3] for r in results),
    }


def pool_for(doc, workers):
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method).Pool(workers, initializer=_init, initargs=(doc,))


def serve(workers, hand_over):
    line = sys.stdin.readline()
    if not line:
        return
    doc = with_hand_over(json.loads(line), hand_over)
    problem = Problem(doc)
    check_start_losses(problem)
    with pool_for(doc, workers) as pool:
        ready = multistart(pool, problem)  # warm-up, untimed by the caller
        ready.update({"ready": True, "torch": torch.__version__, "workers": workers, "threads": 1})
        print(json.dumps(ready), flush=True)
        for command in sys.stdin:
            if command.strip() != "run":
                raise ValueError(f"unknown command {command.strip()!r}")
            print(json.dumps(multistart(pool, problem)), flush=True)


def with_hand_over(doc, hand_over):
    if hand_over is not None:
        doc["handOver"] = hand_over
    return doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("problem", nargs="?")
    ap.add_argument("--serve", action="store_true", help="read the problem and then run commands from stdin")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--hand-over", type=float, help="L-BFGS hands over to Newton at this gradient norm (default: the problem's)")
    args = ap.parse_args()
    torch.set_default_dtype(torch.float64)
    if args.serve:
        serve(args.workers, args.hand_over)
        return
    if args.problem is None:
        ap.error("give a problem file, or --serve")
    with open(args.problem) as f:
        doc = with_hand_over(json.load(f), args.hand_over)
    problem = Problem(doc)
    check_start_losses(problem)
    with pool_for(doc, args.workers) as pool:
        multistart(pool, problem)  # warm-up
        results = [multistart(pool, problem) for _ in range(args.repeat)]
    last = results[-1]
    print(json.dumps({"runs": last["runs"], "medianSeconds": statistics.median(r["seconds"] for r in results),
                      "converged": last["converged"], "bestLoss": last["bestLoss"], "bestConvergedLoss": last["bestConvergedLoss"],
                      "lbfgsIterations": last["lbfgsIterations"], "newtonIterations": last["newtonIterations"],
                      "handOver": problem.hand_over, "repeat": args.repeat, "workers": args.workers,
                      "torch": torch.__version__, "threads": 1}))


if __name__ == "__main__":
    main()
