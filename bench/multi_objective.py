#!/usr/bin/python3
"""bench/multi_objective: hypervolume (fixed reference point, feasible trials
only) after 100 and 200 trials of Summit's nsga2, bayesian (when it takes
several objectives) and random search, and, when python3-optuna is
installed, Optuna 3.1's NSGAIISampler and TPESampler (its multi-objective
TPE; both with constraints_func on the constrained problem), on ZDT1 and
ZDT2 (6-d), DTLZ2 (3 objectives, 6-d) and Binh-Korn (2 constraints); median
and interquartile range over the seeds, and each algorithm's time per
suggestion.

    bench/multi_objective.py [--seeds 10] [--trials 200] [--population 20]
"""

import argparse
import json
import math
import os
import statistics
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DRIVER = os.environ.get("SUMMIT_MULTI_OBJECTIVE", os.path.join(HERE, "..", "build", "bench", "multi_objective"))

# Reference points a little past the nadir of each true front, so that the
# volume measures how close a search came to the front and how much of it it
# covers (a far reference point, as ZDT's customary (11, 11), is mostly the
# volume any search dominates).
REFERENCE = {"zdt1": (1.1, 2.0), "zdt2": (1.1, 2.0), "dtlz2": (1.1, 1.1, 1.1), "binh_korn": (140, 50)}


def quartiles(values):
    v = sorted(values)
    q = statistics.quantiles(v, n=4) if len(v) > 1 else [v[0]] * 3
    return q[1], q[0], q[2]


def hypervolume_2d(points, ref):
    area, ceiling = 0.0, ref[1]
    for a, b in sorted(p for p in points if p[0] < ref[0] and p[1] < ref[1]):
        if b < ceiling:
            area += (ref[0] - a) * (ceiling - b)
            ceiling = b
    return area


def hypervolume(points, ref):
    """Exact: 2-d by a sweep, 3-d by slicing along the third objective."""
    points = [p for p in points if all(x < r for x, r in zip(p, ref))]
    if len(ref) == 2:
        return hypervolume_2d(points, ref)
    volume, levels = 0.0, sorted({p[2] for p in points}) + [ref[2]]
    for low, high in zip(levels, levels[1:]):
        volume += hypervolume_2d([p[:2] for p in points if p[2] <= low], ref[:2]) * (high - low)
    return volume


def feasible_values(trials, upto):
    return [tuple(t["f"]) for t in trials[:upto] if all(c <= 0 for c in t["c"])]


# The same problems as multi_objective.cpp, for Optuna.
def zdt(x, concave):
    g = 1 + 9 * sum(x[1:]) / 5
    r = x[0] / g
    return [x[0], g * (1 - (r * r if concave else math.sqrt(r)))], []


def dtlz2(x):
    g = sum((v - 0.5) ** 2 for v in x[2:])
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)], []


def binh_korn(v):
    x, y = v
    return [4 * x * x + 4 * y * y, (x - 5) ** 2 + (y - 5) ** 2], [(x - 5) ** 2 + y * y - 25, 7.7 - ((x - 8) ** 2 + (y + 3) ** 2)]


PROBLEMS = {
    "zdt1": (lambda x: zdt(x, False), [(0, 1)] * 6, 2),
    "zdt2": (lambda x: zdt(x, True), [(0, 1)] * 6, 2),
    "dtlz2": (dtlz2, [(0, 1)] * 6, 3),
    "binh_korn": (binh_korn, [(0, 5), (0, 3)], 2),
}


def summit_runs(algorithm, seeds, trials, population):
    args = [DRIVER, algorithm, str(seeds), str(trials)] + ([str(population)] if algorithm == "nsga2" else [])
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        return []
    return [json.loads(line) for line in proc.stdout.splitlines()]


def optuna_runs(name, seeds, trials):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    out = []
    for problem, (f, bounds, m) in PROBLEMS.items():
        for seed in range(seeds):
            constrained = problem == "binh_korn"
            constraints = (lambda t: t.user_attrs["c"]) if constrained else None
            if name == "nsga2":
                sampler = optuna.samplers.NSGAIISampler(seed=seed, constraints_func=constraints)
            else:
                sampler = optuna.samplers.TPESampler(seed=seed, constraints_func=constraints)
            study = optuna.create_study(directions=["minimize"] * m, sampler=sampler)
            record, spent = [], 0.0
            for _ in range(trials):
                start = time.perf_counter()
                trial = study.ask()
                x = [trial.suggest_float("x%d" % i, lo, hi) for i, (lo, hi) in enumerate(bounds)]
                spent += time.perf_counter() - start
                values, c = f(x)
                trial.set_user_attr("c", c)
                study.tell(trial, values)
                record.append({"f": values, "c": c})
            out.append({"problem": problem, "algorithm": "optuna " + name, "seed": seed,
                        "mean_ms": spent / trials * 1000, "trials": record})
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--population", type=int, default=20, help="nsga2's population_size")
    parser.add_argument("--optuna", default="nsga2,tpe",
                        help="Optuna samplers to run beside Summit's: nsga2, tpe (its multi-objective TPE costs "
                             "seconds per suggestion on 3 objectives), or none")
    args = parser.parse_args()
    runs = []
    for algorithm in ("nsga2", "bayesian", "random"):
        runs += summit_runs(algorithm, args.seeds, args.trials, args.population)
    samplers = [s for s in args.optuna.split(",") if s and s != "none"]
    if samplers:
        try:
            import optuna  # noqa: F401
        except ImportError:
            print("(python3-optuna is not installed: Summit only)")
            samplers = []
    for sampler in samplers:
        runs += optuna_runs(sampler, args.seeds, args.trials)
    budgets = [b for b in (100, 200) if b <= args.trials]
    print("hypervolume, median [IQR] over %d seeds (reference points %s)" % (args.seeds, REFERENCE))
    print("%-10s %-16s %s %10s" % ("problem", "algorithm", " ".join("%26s" % ("@%d" % b) for b in budgets), "ms/suggest"))
    for problem in PROBLEMS:
        for algorithm in sorted({r["algorithm"] for r in runs if r["problem"] == problem}):
            mine = [r for r in runs if r["problem"] == problem and r["algorithm"] == algorithm]
            cells = []
            for b in budgets:
                med, lo, hi = quartiles([hypervolume(feasible_values(r["trials"], b), REFERENCE[problem]) for r in mine])
                cells.append("%26s" % ("%.4f [%.4f, %.4f]" % (med, lo, hi)))
            ms = statistics.mean(r["mean_ms"] for r in mine)
            print("%-10s %-16s %s %10.2f" % (problem, algorithm, " ".join(cells), ms))


if __name__ == "__main__":
    main()
