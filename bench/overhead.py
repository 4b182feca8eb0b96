#!/usr/bin/python3
"""bench/overhead: scheduling overhead and Summit's CPU per launched trial.
N trials that each sleep S seconds and call `summit report` once, on W
slots, through `summit run` and through a coordinator with two worker nodes
(W/2 slots each). Prints the makespan, the ideal (ceil(N/W) · S), their
ratio, and the CPU (user + system) of the summit processes themselves per
trial — not of the trials, not of `summit report`.

    bench/overhead.py [--trials 1000] [--slots 64] [--seconds 1]
"""

import argparse
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ingest import free_port, wait_finished  # noqa: E402


def user_system(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def study_file(work, summit, trials, seconds):
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "overhead.yaml")
    with open(path, "w") as f:
        f.write("name: overhead\ncommand: sleep %s && %s report --iteration 1 --objective :x: > /dev/null\n"
                "objective: {goal: minimize}\nalgorithm: {name: random, max_trials: %d, seed: 1}\n"
                "parameters: {x: {type: continuous, range: [0, 1]}}\n" % (seconds, summit, trials))
    return path


def embedded(summit, work, trials, slots, seconds):
    study = study_file(work, summit, trials, seconds)
    start = time.monotonic()
    proc = subprocess.Popen([summit, "run", study, "--data", os.path.join(work, "data"), "--workers", str(slots)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu = (0.0, 0.0)
    while proc.poll() is None:
        try:
            cpu = user_system(proc.pid)
        except (FileNotFoundError, ProcessLookupError):
            pass
        time.sleep(0.05)
    return time.monotonic() - start, cpu


def distributed(summit, work, trials, slots, seconds):
    address = "tcp://127.0.0.1:%d" % free_port()
    study = study_file(work, summit, trials, seconds)
    log = open(os.path.join(work, "processes.log"), "w")
    coordinator = subprocess.Popen([summit, "coordinator", "--data", os.path.join(work, "data"), "--listen", address],
                                   stdout=log, stderr=log)
    nodes = [subprocess.Popen([summit, "worker", "--join", address, "--name", "w%d" % i, "--slots", str(slots // 2),
                               "--logs", os.path.join(work, "logs%d" % i)], stdout=log, stderr=log)
             for i in range(2)]
    time.sleep(1.0)
    processes = [coordinator] + nodes
    before = [user_system(p.pid) for p in processes]
    start = time.monotonic()
    subprocess.run([summit, "study", "submit", study, "--coordinator", address], check=True, capture_output=True)
    wait_finished(summit, address, timeout=3600)
    makespan = time.monotonic() - start
    after = [user_system(p.pid) for p in processes]
    for p in processes:
        p.send_signal(signal.SIGTERM)
    for p in processes:
        p.wait(timeout=60)
    cpu = (sum(a[0] - b[0] for a, b in zip(after, before)), sum(a[1] - b[1] for a, b in zip(after, before)))
    return makespan, cpu


def row(label, trials, slots, seconds, makespan, cpu):
    ideal = math.ceil(trials / slots) * seconds
    user, system = cpu
    print("%-30s %9.2f %7.1f %7.3f %10.2f %8.2f %8.2f" % (label, makespan, ideal, makespan / ideal,
                                                           1000 * (user + system) / trials, 1000 * user / trials,
                                                           1000 * system / trials))
    sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=1000)
    parser.add_argument("--slots", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--build", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build"))
    args = parser.parse_args()
    summit = os.path.join(os.path.abspath(args.build), "summit")
    print("%d trials of %g s on %d slots" % (args.trials, args.seconds, args.slots))
    print("%-30s %9s %7s %7s %10s %8s %8s" % ("setup", "makespan", "ideal", "ratio", "CPU ms/tr", "user", "sys"))
    work = tempfile.mkdtemp(prefix="summit-overhead-")
    try:
        row("summit run", args.trials, args.slots, args.seconds,
            *embedded(summit, os.path.join(work, "e"), args.trials, args.slots, args.seconds))
        row("coordinator + 2 workers", args.trials, args.slots, args.seconds,
            *distributed(summit, os.path.join(work, "d"), args.trials, args.slots, args.seconds))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
