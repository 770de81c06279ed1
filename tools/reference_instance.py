"""Reads a verifier instance file for the PyTorch reference scripts (torch_reference.py, arpack_reference.py):
decimals as written and "p/q" strings exactly, rounded once to float64; the same defaults as the instance format
(output linear, bias true, loss mse)."""
import json
from fractions import Fraction

import torch

ACTIVATIONS = {"linear": lambda z: z, "relu": torch.relu, "sigmoid": torch.sigmoid, "tanh": torch.tanh}


def number(v):
    return float(Fraction(v)) if isinstance(v, str) else float(v)


def load(path):
    """Returns (spec, x, y, weights): spec holds layers, activation, output, bias, loss; x and y are N×d tensors;
    weights is a list of (W, b) float64 tensors per layer (b is None without biases)."""
    with open(path) as f:
        inst = json.load(f)
    net = inst["network"]
    spec = {
        "layers": net["layers"],
        "activation": net["activation"],
        "output": net.get("output", "linear"),
        "bias": net.get("bias", True),
        "loss": inst.get("loss", "mse"),
        "name": inst.get("name", ""),
    }
    x = torch.tensor([[number(v) for v in row] for row in inst["data"]["x"]], dtype=torch.float64)
    y = torch.tensor([[number(v) for v in row] for row in inst["data"]["y"]], dtype=torch.float64)
    weights = []
    for layer in inst["weights"]:
        w = torch.tensor([[number(v) for v in row] for row in layer["W"]], dtype=torch.float64)
        b = torch.tensor([number(v) for v in layer["b"]], dtype=torch.float64) if spec["bias"] else None
        weights.append((w, b))
    return spec, x, y, weights
