#!/usr/bin/python3
"""bench/large_choice: Bayesian optimization over one large choice (issue 14,
item 7). Runs `summit run` on a study with a choice of VALUES values and one
continuous parameter, bayesian with 3 initial points, TRIALS trials one at a
time, and prints the run's wall time, its peak RSS, the longest gap between
two trials (the slowest suggestion), and how long `summit run` takes to exit
on SIGTERM while a suggestion is computed.

    bench/large_choice.py [--values 2000 10000] [--trials 8] [--build build]
"""

import argparse
import os
import shutil
import signal
import subprocess
import tempfile
import time


def study(values, trials):
    choices = ", ".join("v%d" % i for i in range(values))
    return ("name: large-choice\n"
            "command: summit report --iteration 1 --objective $(awk -v x=:x: -v c=:c: "
            "'BEGIN { sub(\"v\", \"\", c); print (x - 0.3) ^ 2 + (c %% 97) / 97 }')\n"
            "objective: {goal: minimize}\n"
            "algorithm: {name: bayesian, max_trials: %d, num_initial: 3, seed: 1}\n"
            "parameters:\n  x: {type: continuous, range: [0, 1]}\n  c: {type: choice, values: [%s]}\n"
            % (trials, choices))


def peak_rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run(summit, values, trials, timeout):
    work = tempfile.mkdtemp(prefix="summit-large-choice-")
    try:
        path = os.path.join(work, "study.yaml")
        with open(path, "w") as f:
            f.write(study(values, trials))
        env = dict(os.environ, PATH=os.path.dirname(summit) + ":" + os.environ["PATH"])
        start = time.monotonic()
        proc = subprocess.Popen([summit, "run", path, "--data", os.path.join(work, "d"), "--workers", "1"],
                                cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak, finished = 0.0, True
        while proc.poll() is None:
            peak = max(peak, peak_rss_mb(proc.pid))
            if time.monotonic() - start > timeout:
                finished = False
                break
            time.sleep(0.05)
        wall = time.monotonic() - start
        exit_s = None
        if not finished:
            t = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=120)
                exit_s = time.monotonic() - t
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log = os.path.join(work, "d", "logs", "study-1")
        starts = sorted(os.path.getmtime(os.path.join(log, f)) for f in os.listdir(log)) if os.path.isdir(log) else []
        gap = max((b - a for a, b in zip(starts, starts[1:])), default=0.0)
        return wall, peak, len(starts), gap, finished, exit_s
    finally:
        shutil.rmtree(work, ignore_errors=True)


def sigterm_during_suggestion(summit, values):
    """Starts a long run and SIGTERMs it after its initial trials; seconds to exit."""
    work = tempfile.mkdtemp(prefix="summit-large-choice-")
    try:
        path = os.path.join(work, "study.yaml")
        with open(path, "w") as f:
            f.write(study(values, 200))
        env = dict(os.environ, PATH=os.path.dirname(summit) + ":" + os.environ["PATH"])
        proc = subprocess.Popen([summit, "run", path, "--data", os.path.join(work, "d"), "--workers", "1"],
                                cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        log = os.path.join(work, "d", "logs", "study-1")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (os.path.isdir(log) and len(os.listdir(log)) >= 5):
            time.sleep(0.02)
        t = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=300)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return time.monotonic() - t
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--values", type=int, nargs="+", default=[2000, 10000])
    ap.add_argument("--trials", type=int, default=8)
    ap.add_argument("--timeout", type=float, default=180)
    ap.add_argument("--build", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build"))
    args = ap.parse_args()
    summit = os.path.abspath(os.path.join(args.build, "summit"))
    print("%8s %8s %10s %10s %12s %10s" % ("values", "trials", "wall s", "peak MB", "slowest s", "SIGTERM s"),
          flush=True)
    for values in args.values:
        wall, peak, ran, gap, finished, _ = run(summit, values, args.trials, args.timeout)
        term = sigterm_during_suggestion(summit, values)
        print("%8d %8s %10.2f %10.0f %12.2f %10.2f" % (values, "%d%s" % (ran, "" if finished else "+"), wall, peak,
                                                        gap, term), flush=True)


if __name__ == "__main__":
    main()
