#!/usr/bin/python3
"""bench/ingest: durable acknowledged observations per second over the real
path — trial client → worker node → coordinator → synced RocksDB → ack —
with N worker nodes × M concurrent trial processes (C++ client,
bench/fake_trial), and the same through `summit run` (one process). Prints
throughput, p50/p99 acknowledgement latency and the coordinator's CPU and
peak RSS; with python3-optuna installed, Optuna 3.1's trial.report() on its
SQLite RDB storage on the same disk, and the ratio.

    bench/ingest.py [--observations 40000] [--workers 2] [--clients 16] [--rate R] [--pipelined]

--rate paces every client (observations per second each); without it they
send as fast as acks come back. Run it from the build directory's parent or
pass --build.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def latencies(directory):
    values, first, last = [], None, 0
    for name in os.listdir(directory):
        with open(os.path.join(directory, name)) as f:
            start, end = (int(v) for v in f.readline().split())
            first = start if first is None else min(first, start)
            last = max(last, end)
            values.extend(int(line) for line in f)
    values.sort()
    return values, (last - first) / 1e9


PIPELINED = False  # --pipelined: trials send without waiting and collect acknowledgements


def study_file(work, fake, trials, per_trial, rate):
    path = os.path.join(work, "ingest.yaml")
    out = os.path.join(work, "latencies")
    os.makedirs(out, exist_ok=True)
    with open(path, "w") as f:
        f.write("name: ingest\ncommand: %s %d %s %s%s\nobjective: {goal: minimize}\n"
                "algorithm: {name: random, max_trials: %d, seed: 1}\n"
                "parameters: {x: {type: continuous, range: [0, 1]}}\n"
                % (fake, per_trial, out, rate or 0, " pipelined" if PIPELINED else "", trials))
    return path, out


def wait_finished(summit, address, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        out = subprocess.run([summit, "study", "list", "--json", "--coordinator", address],
                             capture_output=True, text=True).stdout
        if '"state": "FINISHED"' in out:
            return
        time.sleep(0.2)
    raise RuntimeError("the benchmark study did not finish")


def distributed(build, work, workers, clients, per_trial, rate):
    summit = os.path.join(build, "summit")
    address = "tcp://127.0.0.1:%d" % free_port()
    study, out = study_file(work, os.path.join(build, "bench", "fake_trial"), workers * clients, per_trial, rate)
    log = open(os.path.join(work, "processes.log"), "w")
    coordinator = subprocess.Popen([summit, "coordinator", "--data", os.path.join(work, "data"), "--listen", address],
                                   stdout=log, stderr=log)
    nodes = [subprocess.Popen([summit, "worker", "--join", address, "--name", "w%d" % i, "--slots", str(clients),
                               "--logs", os.path.join(work, "logs%d" % i)], stdout=log, stderr=log)
             for i in range(workers)]
    time.sleep(1.0)
    cpu_before = cpu_seconds(coordinator.pid)
    subprocess.run([summit, "study", "submit", study, "--coordinator", address], check=True, capture_output=True)
    wait_finished(summit, address)
    cpu = cpu_seconds(coordinator.pid) - cpu_before
    rss = peak_rss_mb(coordinator.pid)
    for p in nodes + [coordinator]:
        p.send_signal(signal.SIGTERM)
    for p in nodes + [coordinator]:
        p.wait(timeout=60)
    values, seconds = latencies(out)
    return values, seconds, cpu, rss


def embedded(build, work, slots, per_trial, rate):
    summit = os.path.join(build, "summit")
    study, out = study_file(work, os.path.join(build, "bench", "fake_trial"), slots, per_trial, rate)
    proc = subprocess.Popen([summit, "run", study, "--data", os.path.join(work, "data"), "--workers", str(slots)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu, rss = 0.0, 0.0
    while proc.poll() is None:
        try:
            cpu, rss = cpu_seconds(proc.pid), peak_rss_mb(proc.pid)
        except (FileNotFoundError, ProcessLookupError):
            pass
        time.sleep(0.1)
    values, seconds = latencies(out)
    return values, seconds, cpu, rss


def optuna_reports_per_second(work, reports):
    script = """
import time, optuna
optuna.logging.set_verbosity(optuna.logging.WARNING)
study = optuna.create_study(storage="sqlite:///%s/optuna.db")
trial = study.ask()
start = time.monotonic()
for i in range(%d):
    trial.report(1.0 / (i + 1), i)
print(%d / (time.monotonic() - start))
""" % (work, reports, reports)
    proc = subprocess.run(["/usr/bin/python3", "-c", script], capture_output=True, text=True)
    if proc.returncode != 0:
        return None
    return float(proc.stdout.strip().splitlines()[-1])


def row(label, values, seconds, cpu, rss):
    p50 = values[len(values) // 2] / 1000
    p99 = values[len(values) * 99 // 100] / 1000
    rate = len(values) / seconds
    print("%-34s %8d %10.0f %8.2f %8.2f %9.0f%% %8.0f" % (label, len(values), rate, p50, p99, 100 * cpu / seconds, rss))
    sys.stdout.flush()
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--observations", type=int, default=40000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=16, help="trial processes per worker")
    parser.add_argument("--rate", type=float, default=0, help="observations per second per client (0: flat out)")
    parser.add_argument("--build", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build"))
    parser.add_argument("--optuna-reports", type=int, default=300)
    parser.add_argument("--pipelined", action="store_true",
                        help="trials send without waiting and collect the acknowledgements every 256")
    args = parser.parse_args()
    global PIPELINED
    PIPELINED = args.pipelined
    build = os.path.abspath(args.build)
    per_trial = max(1, args.observations // (args.workers * args.clients))
    print("%-34s %8s %10s %8s %8s %10s %8s" % ("setup", "acks", "acks/s", "p50 ms", "p99 ms",
                                                "coord CPU", "RSS MB"))
    work = tempfile.mkdtemp(prefix="summit-ingest-")
    try:
        best = row("summit run, %d clients" % (args.workers * args.clients),
                   *embedded(build, os.path.join(work, "e"), args.workers * args.clients, per_trial, args.rate))
        best = max(best, row("%d workers x %d clients" % (args.workers, args.clients),
                             *distributed(build, os.path.join(work, "d"), args.workers, args.clients, per_trial,
                                          args.rate)))
        optuna = optuna_reports_per_second(work, args.optuna_reports)
        if optuna:
            print("optuna 3.1 trial.report(), SQLite: %.0f reports/s; Summit's best above is %.0fx that"
                  % (optuna, best / optuna))
        else:
            print("python3-optuna is not installed: no Optuna figure")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
