"""A simulated network for examples/tradeoff/study.yaml: its validation
loss falls with width and depth and depends on the optimizer's own
setting; its latency and memory grow with its size. Reports each of five
epochs with the latency and memory as context metrics."""

import argparse
import math

import summit

parser = argparse.ArgumentParser()
parser.add_argument("--optimizer", required=True)
parser.add_argument("--momentum", type=lambda s: float(s) if s else None)  # empty when inactive
parser.add_argument("--beta1", type=lambda s: float(s) if s else None)
parser.add_argument("--width", type=int, required=True)
parser.add_argument("--depth", type=int, required=True)
args = parser.parse_args()

if args.optimizer == "sgd":
    assert args.momentum is not None and args.beta1 is None
    penalty = 2.0 * (math.log(1 - args.momentum) - math.log(1 - 0.9)) ** 2 / 10
else:
    assert args.beta1 is not None and args.momentum is None
    penalty = 40 * (args.beta1 - 0.9) ** 2
capacity = math.log2(args.width) * math.sqrt(args.depth)
latency_ms = 0.02 * args.width * args.depth ** 1.2
memory_gb = args.width * args.depth / 256 * 1.5

client = summit.Client()
trial = client.get_trial()
for epoch in range(1, 6):
    val_loss = 2.0 / (1 + capacity * epoch / 5) + penalty
    stop = client.send_metrics(trial, iteration=epoch, objective=val_loss,
                               context={"latency_ms": latency_ms, "memory_gb": memory_gb})
    if stop:
        break
