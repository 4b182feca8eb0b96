#!/usr/bin/python3
"""bench/early_stopping: training iterations spent and the final value found
by (a) random search to completion, (b) random search with the median rule,
(c) ASHA and (d) PBT, on synthetic learning curves with known final values
(bench/early_stopping.cpp describes them), over several seeds; and, when
python3-optuna is installed, Optuna's MedianPruner and
SuccessiveHalvingPruner on exactly the same configurations and curves.
With --digits, the same comparison once on the real digits MLP through
`summit run` (about two minutes).

    bench/early_stopping.py [--seeds 10] [--configs 100] [--digits]
"""

import argparse
import csv
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

MAX_ITERATIONS = 27
HERE = os.path.dirname(os.path.abspath(__file__))


def loss(lr, width, t, crossing):
    """The same curves as early_stopping.cpp."""
    u = math.log10(lr)
    final = 0.2 + 0.08 * (u + 2.5) ** 2 + 0.5 * (width - 0.7) ** 2
    noise = 0.005 * math.sin(13.7 * t + 100 * u + 31 * width)
    if crossing:
        tau = 2 * 10 ** (-0.2 * u)
        return final + (1 + width) * math.exp(-t / tau) + noise
    a = 0.3 + 0.35 * (1 + math.sin(1000 * lr + 77 * width))
    return final + a * t ** -0.7 + noise


def optuna_runs(configs, crossing):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    pruners = {
        "optuna MedianPruner": optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=0),
        "optuna SuccessiveHalving": optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3),
    }
    for name, pruner in pruners.items():
        study = optuna.create_study(direction="minimize", pruner=pruner,
                                    sampler=optuna.samplers.RandomSampler(seed=0))
        for lr, width in configs:
            study.enqueue_trial({"lr": lr, "width": width})
        iterations, best = 0, math.inf

        def objective(trial):
            nonlocal iterations, best
            lr = trial.suggest_float("lr", 1e-4, 1, log=True)
            width = trial.suggest_float("width", 0, 1)
            for t in range(1, MAX_ITERATIONS + 1):
                iterations += 1
                trial.report(loss(lr, width, t, crossing), t)
                if trial.should_prune():
                    raise optuna.TrialPruned()
            value = loss(lr, width, MAX_ITERATIONS, crossing)
            best = min(best, value)
            return value

        study.optimize(objective, n_trials=len(configs))
        yield {"strategy": name, "iterations": iterations, "best_final": best, "configs": len(configs)}


def synthetic(args):
    binary = os.path.join(os.path.abspath(args.build), "bench", "early_stopping")
    try:
        import optuna  # noqa: F401
        have_optuna = True
    except ImportError:
        have_optuna = False
        print("python3-optuna is not installed: Summit's figures only")
    for family in ("power", "crossing"):
        runs = []
        for seed in range(1, args.seeds + 1):
            lines = [json.loads(l) for l in subprocess.run([binary, str(seed), str(args.configs), family],
                                                          capture_output=True, text=True, check=True).stdout.splitlines()]
            configs = next(l["configs"] for l in lines if isinstance(l["configs"], list))
            results = [l for l in lines if "strategy" in l]
            if have_optuna:
                results += list(optuna_runs(configs, family == "crossing"))
            runs.append(results)
        print("\n%s curves, %d configurations, %d iterations each, %d seeds (medians)" %
              (family, args.configs, MAX_ITERATIONS, args.seeds))
        print("%-26s %12s %10s %16s %12s" % ("strategy", "iterations", "saved", "best final", "vs (a)"))
        for name in [r["strategy"] for r in runs[0]]:
            its, finals, gaps, saved = [], [], [], []
            for results in runs:
                base = next(r for r in results if r["strategy"] == "random")
                r = next(r for r in results if r["strategy"] == name)
                its.append(r["iterations"])
                saved.append(1 - r["iterations"] / base["iterations"])
                finals.append(r["best_final"])
                gaps.append(r["best_final"] / base["best_final"] - 1)
            print("%-26s %12d %9.0f%% %16.4f %+11.1f%%   (worst seed %+.1f%%)" % (
                name, statistics.median(its), 100 * statistics.median(saved), statistics.median(finals),
                100 * statistics.median(gaps), 100 * max(gaps)))
        sys.stdout.flush()


def digits(args):
    """The real digits MLP, 9 epochs, through summit run: random, random with
    the median rule, ASHA (R = 9)."""
    summit = os.path.join(os.path.abspath(args.build), "summit")
    source = os.path.join(HERE, "..", "examples", "digits-mlp")
    print("\ndigits MLP (9 epochs in all per finished configuration), one run each")
    print("%-26s %12s %10s %16s" % ("strategy", "epochs", "saved", "best val_loss@9"))
    base = None
    for name in ("random", "random+median", "asha"):
        work = tempfile.mkdtemp(prefix="summit-es-")
        try:
            shutil.copytree(source, os.path.join(work, "digits"))
            if name == "asha":
                study = os.path.join(work, "digits", "study-asha.yaml")
                with open(study) as f:
                    text = f.read().replace("max_finished_configs: 3", "max_finished_configs: 2")
            else:
                study = os.path.join(work, "digits", "study.yaml")
                with open(study) as f:
                    text = f.read().replace("max_trials: 20", "max_trials: 27").replace("--epochs 8", "--epochs 9")
                if name == "random+median":
                    text += "stopping: {rule: median, min_iterations: 1, min_trials: 5}\n"
            with open(study, "w") as f:
                f.write(text)
            data = os.path.join(work, "data")
            subprocess.run([summit, "run", study, "--data", data, "--workers", "2"], check=True,
                           stdout=subprocess.DEVNULL)
            rows = list(csv.DictReader(open(os.path.join(data, "results", "study-1.csv"))))
            epochs = len([r for r in rows if r["Status"] == "INTERMEDIATE"])
            finals = [float(r["Objective"]) for r in rows if r["Status"] == "INTERMEDIATE" and r["Iteration"] == "9"]
            best = min(finals) if finals else math.nan
            base = base or epochs
            print("%-26s %12d %9.0f%% %16.4f" % (name, epochs, 100 * (1 - epochs / base), best))
            sys.stdout.flush()
        finally:
            shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--configs", type=int, default=100)
    parser.add_argument("--digits", action="store_true")
    parser.add_argument("--build", default=os.path.join(HERE, "..", "build"))
    args = parser.parse_args()
    synthetic(args)
    if args.digits:
        digits(args)


if __name__ == "__main__":
    main()
