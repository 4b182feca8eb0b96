#!/usr/bin/python3
"""bench/bo_quality: simple regret (best found minus the known optimum) of
Summit's bayesian and random search, and, when python3-optuna is installed,
Optuna 3.1's TPESampler (default and multivariate=True), on Branin (2-d),
Hartmann6 (6-d), Rosenbrock (4-d) and a mixed space, with the same seeds and
budgets; median and interquartile range at 50 and 100 trials. Then the time
of one suggestion with 100 and 500 (and 2,000) observations, for Summit and
for Optuna's TPE ask().

    bench/bo_quality.py [--seeds 10] [--trials 100] [--timing 100 500 2000 8000]
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time


def quartiles(values):
    v = sorted(values)
    q = statistics.quantiles(v, n=4) if len(v) > 1 else [v[0]] * 3
    return q[1], q[0], q[2]


# The same functions as bo_quality.cpp.
def branin(p):
    x1, x2 = p["x1"], p["x2"]
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
ALPHA = [1.0, 1.2, 3.0, 3.2]


def hartmann6(p):
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (p["x%d" % (j + 1)] - P[i][j]) ** 2 for j in range(6)))
                for i in range(4))


def rosenbrock4(p):
    return sum(100 * (p["x%d" % (i + 1)] - p["x%d" % i] ** 2) ** 2 + (1 - p["x%d" % i]) ** 2 for i in range(1, 4))


def mixed(p):
    offset = {"tanh": 0.0, "relu": 0.3, "sigmoid": 0.6}[p["act"]]
    return (p["x"] - 0.3) ** 2 + (math.log10(p["lr"]) + 2) ** 2 / 4 + offset + (p["n"] - 7) ** 2 / 20


PROBLEMS = {
    "branin": (branin, 0.397887, lambda t: {"x1": t.suggest_float("x1", -5, 10), "x2": t.suggest_float("x2", 0, 15)}),
    "hartmann6": (hartmann6, -3.32237, lambda t: {"x%d" % i: t.suggest_float("x%d" % i, 0, 1) for i in range(1, 7)}),
    "rosenbrock4": (rosenbrock4, 0.0, lambda t: {"x%d" % i: t.suggest_float("x%d" % i, -2, 2) for i in range(1, 5)}),
    "mixed": (mixed, 0.0, lambda t: {"x": t.suggest_float("x", 0, 1), "lr": t.suggest_float("lr", 1e-4, 1, log=True),
                                     "act": t.suggest_categorical("act", ["relu", "tanh", "sigmoid"]),
                                     "n": t.suggest_int("n", 1, 10)}),
}


def optuna_runs(seeds, trials, multivariate):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    import warnings
    warnings.filterwarnings("ignore")
    for name, (f, optimum, space) in PROBLEMS.items():
        for seed in range(seeds):
            sampler = optuna.samplers.TPESampler(seed=seed, multivariate=multivariate)
            study = optuna.create_study(sampler=sampler)
            best, curve = float("inf"), []
            for _ in range(trials):
                trial = study.ask()
                value = f(space(trial))
                study.tell(trial, value)
                best = min(best, value)
                curve.append(best - optimum)
            yield {"function": name, "algorithm": "optuna TPE" + (" multivariate" if multivariate else ""),
                   "seed": seed, "regret": curve}


def optuna_ask_ms(n):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    f, _, space = PROBLEMS["hartmann6"]
    study = optuna.create_study(sampler=optuna.samplers.TPESampler(seed=1))
    random = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=1))
    for _ in range(n):  # the same kind of history: n random points
        t = random.ask()
        p = space(t)
        random.tell(t, f(p))
    for t in random.trials:
        study.add_trial(t)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        t = study.ask()
        p = space(t)
        times.append((time.perf_counter() - start) * 1000)
        study.tell(t, f(p))
    return statistics.mean(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--timing", type=int, nargs="*", default=[100, 500, 2000, 8000],
                        help="history sizes at which suggestions are timed")
    parser.add_argument("--build", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build"))
    args = parser.parse_args()
    binary = os.path.join(os.path.abspath(args.build), "bench", "bo_quality")
    runs = [json.loads(line) for line in subprocess.run([binary, "regret", str(args.seeds), str(args.trials)],
                                                          capture_output=True, text=True, check=True).stdout.splitlines()]
    try:
        import optuna  # noqa: F401
        have_optuna = True
    except ImportError:
        have_optuna = False
        print("python3-optuna is not installed: Summit's figures only")
    if have_optuna:
        runs += list(optuna_runs(args.seeds, args.trials, False))
        runs += list(optuna_runs(args.seeds, args.trials, True))
    budgets = [b for b in (50, 100) if b <= args.trials]
    print("simple regret, median [IQR] over %d seeds" % args.seeds)
    print("%-12s %-26s" % ("function", "algorithm") + "".join("%26s" % ("%d trials" % b) for b in budgets))
    for name in PROBLEMS:
        for algorithm in dict.fromkeys(r["algorithm"] for r in runs):
            curves = [r["regret"] for r in runs if r["function"] == name and r["algorithm"] == algorithm]
            cells = ""
            for b in budgets:
                median, q1, q3 = quartiles([c[b - 1] for c in curves])
                cells += "%26s" % ("%.4g [%.3g, %.3g]" % (median, q1, q3))
            print("%-12s %-26s%s" % (name, algorithm, cells))
        print()
    print("time of one suggestion on Hartmann6 from n random observations on, until n + max(30, n/5) (ms):")
    sizes = [str(n) for n in args.timing]
    runs = {mode: [json.loads(line) for line in subprocess.run(
        [binary, mode] + sizes, capture_output=True, text=True, check=True).stdout.splitlines()]
        for mode in ("timing", "timing-inline")}
    for background, inline in zip(runs["timing"], runs["timing-inline"]):
        n = background["timing"]
        line = ("  n=%-5d summit bayesian, refits in the background: p50 %.1f, p99 %.1f, max %.1f; "
                "refits inline: p99 %.1f, max %.1f; a fresh instance's first: %.1f" % (
                    n, background["p50_ms"], background["p99_ms"], background["max_ms"],
                    inline["p99_ms"], inline["max_ms"], background["first_ms"]))
        if have_optuna and n <= 1000:
            line += "; optuna TPE ask(): %.1f" % optuna_ask_ms(n)
        print(line)
        sys.stdout.flush()

if __name__ == "__main__":
    main()
