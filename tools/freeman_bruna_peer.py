#!/usr/bin/env python3
"""PyTorch peer of Verifier's Freeman-Bruna rows: the same work, timed around the work itself.

Modes (each prints one JSON line {"medianSeconds": s, "value": {...}}):

  step  --task quadratic|cubic [--batch B] [--steps N] [--repeat R]
        Adam steps of the 1-4-4-1 sigmoid network under the mean absolute error, one fresh batch of B points
        (x ~ U[0, 1)) per step: the median seconds per step.

  dss A.json B.json --level L0 --task quadratic|cubic [--batch B] [--bead-steps E] [--seed S] [--repeat R]
        Dynamic String Sampling between the two instance files' points, as the authors' scripts run it: beads
        [A, midpoint, B]; every unconverged bead trained by Adam (learning rate 1e-3, a fresh batch per step, the
        test loss on A's data checked every 15 steps) until it is below 0.95*L0; each new pair checked at the
        100 + 1 points t = k/100; connected when every pair's maximum is below 1.1*L0, otherwise a midpoint is
        inserted into every pair above it; at most 10 depths. The value holds the beads, the normalized length
        (all parameters) and the Adam steps.

Everything runs in float64 (--dtype float32 for PyTorch's default), on PyTorch's default threads. Only the timed
work is measured: Python's start-up, the imports and the file reading are not.
"""
import argparse
import json
import statistics
import sys
import time

import torch


def polynomial(task, x):
    if task == "quadratic":
        return 0.5 * x * x + 0.25 * x + 0.1
    return 8 * x ** 3 - 10 * x ** 2 + 3 * x


def read_instance(path, dtype):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    net = doc["network"]
    if net["layers"] != [1, 4, 4, 1] or net["activation"] != "sigmoid" or doc["loss"] != "mae":
        sys.exit(f"{path}: the peer runs the 1-4-4-1 sigmoid network under mae only")
    layers = []
    for layer in doc["weights"]:
        w = torch.tensor(layer["W"], dtype=dtype)
        b = torch.tensor(layer.get("b", [0.0] * len(layer["W"])), dtype=dtype)
        layers.append((w, b))
    x = torch.tensor(doc["data"]["x"], dtype=dtype)
    y = torch.tensor(doc["data"]["y"], dtype=dtype)
    return layers, x, y


def flatten(layers):
    return torch.cat([t.reshape(-1) for w, b in layers for t in (w, b)])


def unflatten(theta):
    shapes = [(4, 1), (4,), (4, 4), (4,), (1, 4), (1,)]
    out, k = [], 0
    for shape in shapes:
        n = 1
        for d in shape:
            n *= d
        out.append(theta[k:k + n].reshape(shape))
        k += n
    return out


def forward(params, x):
    w1, b1, w2, b2, w3, b3 = params
    h = torch.sigmoid(x @ w1.T + b1)
    h = torch.sigmoid(h @ w2.T + b2)
    return h @ w3.T + b3


def loss_of(theta, x, y):
    with torch.no_grad():
        return (forward(unflatten(theta), x) - y).abs().mean().item()


def train(theta, target, task, batch, steps, x_test, y_test, generator, dtype):
    """Adam from theta until the test loss is below target (checked every 15 steps); (theta, steps, reached)."""
    theta = theta.clone().requires_grad_(True)
    opt = torch.optim.Adam([theta], lr=1e-3)
    for step in range(steps + 1):
        if step % 15 == 0 or step == steps:
            if loss_of(theta.detach(), x_test, y_test) < target:
                return theta.detach(), step, True
            if step == steps:
                break
        x = torch.rand(batch, 1, generator=generator, dtype=dtype)
        y = polynomial(task, x)
        opt.zero_grad()
        loss = (forward(unflatten(theta), x) - y).abs().mean()
        loss.backward()
        opt.step()
    return theta.detach(), steps, False


def dss(a, b, level, task, batch, bead_steps, x_test, y_test, generator, dtype):
    beads = [a, (a + b) / 2, b]
    converged = [True, False, True]
    check = {(0, 1), (1, 2)}
    maxima = {}
    steps = 0
    for depth in range(1, 11):
        for i, done in enumerate(converged):
            if not done:
                beads[i], used, reached = train(beads[i], 0.95 * level, task, batch, bead_steps, x_test, y_test, generator, dtype)
                steps += used
                converged[i] = True
                if not reached:
                    return beads, False, depth, steps
        for (i, j) in sorted(check):
            maxima[(i, j)] = max(loss_of(beads[i] + (k / 100) * (beads[j] - beads[i]), x_test, y_test) for k in range(101))
        failing = [i for i in range(len(beads) - 1) if maxima[(i, i + 1)] >= 1.1 * level]
        if not failing:
            return beads, True, depth, steps
        if depth == 10:
            return beads, False, depth, steps
        # Insert midpoints from the right; the pairs' maxima shift with the indices.
        new_maxima, new_check, shift = {}, set(), 0
        inserted = set(failing)
        for i in range(len(beads) - 1):
            if i in inserted:
                new_check |= {(i + shift, i + shift + 1), (i + shift + 1, i + shift + 2)}
                shift += 1
            else:
                new_maxima[(i + shift, i + shift + 1)] = maxima[(i, i + 1)]
        for i in reversed(failing):
            beads.insert(i + 1, (beads[i] + beads[i + 1]) / 2)
            converged.insert(i + 1, False)
        maxima, check = new_maxima, new_check
    return beads, False, 10, steps


def normalized_length(beads):
    chord = torch.linalg.norm(beads[-1] - beads[0]).item()
    arc = sum(torch.linalg.norm(beads[i + 1] - beads[i]).item() for i in range(len(beads) - 1))
    return arc / chord if chord > 0 else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["step", "dss"])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--task", choices=["quadratic", "cubic"], default="quadratic")
    parser.add_argument("--batch", type=int, default=10000)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--level", type=float)
    parser.add_argument("--bead-steps", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    args = parser.parse_args()
    dtype = torch.float64 if args.dtype == "float64" else torch.float32
    generator = torch.Generator().manual_seed(args.seed)
    times = []
    if args.mode == "step":
        theta = torch.randn(33, generator=generator, dtype=dtype).requires_grad_(True)
        opt = torch.optim.Adam([theta], lr=1e-3)
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for _ in range(args.steps):
                x = torch.rand(args.batch, 1, generator=generator, dtype=dtype)
                opt.zero_grad()
                loss = (forward(unflatten(theta), x) - polynomial(args.task, x)).abs().mean()
                loss.backward()
                opt.step()
            times.append((time.perf_counter() - t0) / args.steps)
        value = {"steps": args.steps, "batch": args.batch, "dtype": args.dtype}
    else:
        if len(args.files) != 2 or args.level is None:
            sys.exit("dss needs two instance files and --level")
        la, x_test, y_test = read_instance(args.files[0], dtype)
        lb, _, _ = read_instance(args.files[1], dtype)
        a, b = flatten(la), flatten(lb)
        value = {}
        for _ in range(args.repeat):
            generator.manual_seed(args.seed)
            t0 = time.perf_counter()
            beads, connected, depth, steps = dss(a, b, args.level, args.task, args.batch, args.bead_steps, x_test, y_test, generator, dtype)
            times.append(time.perf_counter() - t0)
            value = {"connected": connected, "beads": len(beads), "normalizedLength": normalized_length(beads), "depth": depth, "steps": steps, "dtype": args.dtype}
    print(json.dumps({"medianSeconds": statistics.median(times), "value": value}))


if __name__ == "__main__":
    main()
