#!/usr/bin/env python3
"""Writes the seed corpus of coordinator_fuzz: message sequences a worker and
a command-line client really send, in the target's chunk format
([selector][u16 length, little-endian][frame]; selector 0/1 = worker w1/w2,
0xfe or 0xff = worker w1 or w2 lost). Run it again after a protocol change."""

import math
import os
import struct

import msgpack

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "coordinator")


def chunk(kind, body, worker=0):
    frame = msgpack.packb([1, kind, body])
    return bytes([worker]) + struct.pack("<H", len(frame)) + frame


def obs(trial, iteration, objective, **context):
    body = {"trial": trial, "iteration": iteration, "objective": objective}
    if context:
        body["context"] = context
    return chunk(3, body)


def ended(trial, exit_code=0, signal=0, worker=0):
    return chunk(19, {"trial": trial, "exit_code": exit_code, "signal": signal}, worker)


STUDY_KINDS = {"submit": 32, "list": 33, "show": 34, "best": 35, "metrics": 36, "export": 37, "stop": 38,
               "kill": 39, "archive": 40, "stop-trial": 41}


def study(command, study_id=None, worker=0, **fields):
    body = dict(fields)
    if study_id is not None:
        body["study"] = study_id
    return chunk(STUDY_KINDS[command], body, worker)


def register(name, slots, running=(), ended_=(), worker=0):
    return chunk(16, {"name": name, "slots": slots, "resources": [], "running": list(running),
                      "ended": [{"trial": t, "exit_code": 0, "signal": 0} for t in ended_]}, worker)


GRID = """name: grid
command: run :u:
objective: {goal: maximize}
algorithm: {name: grid}
parameters: {u: {type: choice, values: [1, 2, 3]}}
"""

SEEDS = {
    "lifecycle": b"".join([obs(t, i, 1.0 / (i + t)) for i in range(4) for t in (1, 2)] +
                          [ended(1), ended(2)] + [obs(t, 0, 0.5) for t in (3, 4)] + [ended(3, 1), ended(4, 0, 9)]),
    "batch": chunk(23, {"items": [{"trial": 1, "iteration": i, "objective": math.nan if i == 2 else float(i),
                                   "context": {"acc": 0.5}} for i in range(6)]}),
    "second_worker": register("w2", 3, running=[1, 2], worker=1) + obs(1, 0, 1.0) + chunk(3, {
        "trial": 2, "iteration": 0, "objective": 1.0}, 1) + b"\xff\x00\x00" + ended(1, worker=1),
    "reregister": register("w1", 2, running=[1], ended_=[2]) + obs(1, 5, 0.1) + ended(1),
    "commands": b"".join([study("show", 1), study("best", 1), study("metrics", 1, metric="acc"), study("metrics", 1),
                          study("export", 1), study("list", archived=True), study("stop-trial", 1, trial=2),
                          study("stop", 1), study("kill", 1), study("archive", 1)]),
    "submit": study("submit", text=GRID, source="grid.yaml", workdir="/tmp") + register("w2", 1, worker=1) +
              chunk(3, {"trial": 3, "iteration": 0, "objective": 2.0}, 1) + ended(3, worker=1),
    "lost": obs(1, 0, 3.0) + b"\xfe\x00\x00" + obs(1, 1, 2.0) + register("w1", 2) + obs(3, 0, 1.0),
}

os.makedirs(HERE, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)
print("wrote %d seeds to %s" % (len(SEEDS), HERE))
