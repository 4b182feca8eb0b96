"""Spell's hyperparameter API on Summit: submits a random search of the
digits MLP (examples/digits-mlp/train.py), whose runs go to the workers,
follows it to the end and prints the best run and what mattered.

    PYTHONPATH=clients/python SUMMIT_BINARY=build/summit \\
        python3 examples/python-api/spell_search.py [--runs 12] [--data summit-data]

With --coordinator ADDRESS it submits to a running coordinator instead of a
private one."""

import argparse
import os
import time

import summit
from summit import INT, LOG, RangeSpec, ValueSpec

HERE = os.path.dirname(os.path.abspath(__file__))


def follow(client, args):
    search = client.hyper.new_random_search(
        {"lr": RangeSpec(1e-4, 1e-1, scaling=LOG), "units": RangeSpec(16, 128, type=INT),
         "activation": ValueSpec(["relu", "tanh", "logistic"]), "alpha": RangeSpec(1e-5, 1e-2, scaling=LOG)},
        num_runs=args.runs, name="digits-spell-style", metric="val_loss", max_concurrent=4,
        command="/usr/bin/python3 train.py --lr :lr: --units :units: --activation :activation: --alpha :alpha:",
        workdir=os.path.join(HERE, "..", "digits-mlp"))
    print("search", search.id)
    while search.refresh().state not in ("FINISHED", "STOPPED", "KILLED"):
        counts = search.info.counts
        print("  %d of %d done, %d running" % (counts["COMPLETED"] + counts["FAILED"] + counts["STOPPED"],
                                               args.runs, counts["RUNNING"]))
        time.sleep(2)
    best = search.best()
    print("best run %d: val_loss %.4f %s" % (best.id, best.objective, best.parameters))
    try:
        print("what mattered:", search.importance())
    except summit.SummitError as e:
        print("importance:", e)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--data", default="summit-data")
    parser.add_argument("--coordinator", help="a running coordinator (default: a private one)")
    args = parser.parse_args()
    if args.coordinator:
        follow(summit.connect(args.coordinator), args)
    else:
        with summit.local(args.data, slots=4) as client:
            follow(client, args)


if __name__ == "__main__":
    main()
