#!/usr/bin/env python3
"""PyTorch peer of one Table 1 training run (Swirszcz et al. 2016), for the side-by-side timing of `verifier bench
--only train`: full-batch gradient descent on the logistic loss of a 2-h-1 network with sigmoid hidden units and
biases, float64, on jellyfish, for a fixed number of epochs (no early stop), from a seeded N(0, 1/fan-in) start.
Prints one JSON document with the median seconds per run over --runs runs (start-up excluded: the clock runs
around the training loop only), PyTorch's version and its thread count.

Usage: tools/swirszcz_table1_torch.py [--hidden 5] [--epochs 2000] [--lr 0.5] [--runs 20]
Debian: python3-torch.
"""
import argparse
import json
import statistics
import time

import torch

torch.set_default_dtype(torch.float64)

# Jellyfish (papers.md §5.4): positives (1, 0), (0.2, 0.6); negatives (0, 1), (0.6, 0.2).
X = torch.tensor([[1.0, 0.0], [0.2, 0.6], [0.0, 1.0], [0.6, 0.2]])
Y = torch.tensor([[1.0], [1.0], [0.0], [0.0]])


def one_run(hidden, epochs, lr, seed):
    g = torch.Generator().manual_seed(seed)
    w1 = (torch.randn(hidden, 2, generator=g) / 2 ** 0.5).requires_grad_()
    b1 = (0.1 * torch.randn(hidden, generator=g)).requires_grad_()
    w2 = (torch.randn(1, hidden, generator=g) / hidden ** 0.5).requires_grad_()
    b2 = (0.1 * torch.randn(1, generator=g)).requires_grad_()
    params = [w1, b1, w2, b2]
    start = time.perf_counter()
    for _ in range(epochs):
        z = torch.sigmoid(X @ w1.T + b1) @ w2.T + b2
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, Y)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
    return time.perf_counter() - start, float(loss)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hidden", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=2000)
    ap.add_argument("--lr", type=float, default=0.5)
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    times = [one_run(args.hidden, args.epochs, args.lr, seed)[0] for seed in range(1, args.runs + 1)]
    print(json.dumps({"hidden": args.hidden, "epochs": args.epochs, "runs": args.runs, "medianSeconds": statistics.median(times),
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
