#!/usr/bin/python3
"""bench/scale: one coordinator against many worker connections and thousands
of trials running at once (light simulated workers, bench/fake_workers, that
speak the real protocol), then a kill -9 and a restart with everything in
the log. Prints the time to hand out a trial, the coordinator's RSS, and the
time it takes to recover.

    bench/scale.py [--workers 200] [--slots 25] [--observations 1000000]
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid, field="VmRSS"):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def answers(summit, address):
    return subprocess.run([summit, "study", "list", "--coordinator", address, "--timeout", "1"],
                          capture_output=True).returncode == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=200)
    parser.add_argument("--slots", type=int, default=25)
    parser.add_argument("--observations", type=int, default=1000000)
    parser.add_argument("--iterations", type=int, default=50, help="observations per trial")
    parser.add_argument("--build", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "build"))
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    summit = os.path.join(build, "summit")
    work = tempfile.mkdtemp(prefix="summit-scale-")
    address = "tcp://127.0.0.1:%d" % free_port()
    data = os.path.join(work, "data")
    trials = args.observations // args.iterations + args.workers * args.slots
    study = os.path.join(work, "scale.yaml")
    with open(study, "w") as f:
        f.write("name: scale\ncommand: true\nobjective: {goal: minimize}\n"
                "algorithm: {name: random, max_trials: %d, seed: 1}\n"
                "parameters: {x: {type: continuous, range: [0, 1]}}\n" % trials)
    log = open(os.path.join(work, "coordinator.log"), "w")
    try:
        coordinator = subprocess.Popen([summit, "coordinator", "--data", data, "--listen", address],
                                       stdout=log, stderr=log)
        while not answers(summit, address):
            time.sleep(0.1)
        subprocess.run([summit, "study", "submit", study, "--coordinator", address], check=True, capture_output=True)
        print("%d simulated workers x %d slots = %d trials at once, %d observations each, until %d observations"
              % (args.workers, args.slots, args.workers * args.slots, args.iterations, args.observations))
        fake = subprocess.Popen([os.path.join(build, "bench", "fake_workers"), address, str(args.workers),
                                 str(args.slots), str(args.iterations), str(args.observations)],
                                stdout=subprocess.PIPE, text=True)
        started = time.monotonic()
        peak = 0.0
        for line in fake.stdout:
            print(line, end="")
            peak = max(peak, rss_mb(coordinator.pid))
        fake.wait()
        elapsed = time.monotonic() - started
        peak = max(peak, rss_mb(coordinator.pid, "VmHWM"))
        print("coordinator RSS: %.0f MB at peak; %.0f s to log %d observations" % (peak, elapsed, args.observations))

        coordinator.send_signal(signal.SIGKILL)
        coordinator.wait()
        restart = time.monotonic()
        coordinator = subprocess.Popen([summit, "coordinator", "--data", data, "--listen", address],
                                       stdout=log, stderr=log)
        while not answers(summit, address):
            time.sleep(0.02)
        recovered = time.monotonic() - restart
        shown = subprocess.run([summit, "study", "list", "--json", "--coordinator", address],
                               capture_output=True, text=True).stdout
        observations = shown.split('"observations": ')[1].split()[0].rstrip(",") if '"observations"' in shown else "?"
        print("recovery after kill -9: answering again after %.2f s with %s observations in the study; RSS %.0f MB"
              % (recovered, observations, rss_mb(coordinator.pid)))
        coordinator.send_signal(signal.SIGTERM)
        coordinator.wait(timeout=60)
    finally:
        log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
