#!/usr/bin/python3
"""bench/export: a large study's export against a running coordinator. Fills a
study with simulated workers (bench/fake_workers: OBSERVATIONS observations,
each with CONTEXT metrics), then exports it as JSON and CSV while asking
`study list` every 50 ms, and prints the export's time, the longest and median
`study list` answer meanwhile (and one idle, for the cost of starting the
command), the coordinator's RSS, and how long it takes to exit on SIGTERM in
the middle of an export.

    bench/export.py [--observations 200000] [--context 100] [--build build]
                    [--fake-workers PATH] [--page-values N [N ...]]

--build may point at another build (an older Summit, for a before/after
figure); --fake-workers then names this build's bench/fake_workers.
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid, field):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def list_seconds(summit, address):
    start = time.monotonic()
    done = subprocess.run([summit, "study", "list", "--coordinator", address, "--timeout", "30"],
                          capture_output=True)
    return time.monotonic() - start if done.returncode == 0 else None


def export_while_listing(summit, address, fmt, out, page_values):
    """The export's time, the `study list` answers meanwhile, and the
    export command's own peak RSS in MB."""
    start = time.monotonic()
    export = subprocess.Popen([summit, "study", "export", "1", "--format", fmt, "--output", out,
                               "--page-values", str(page_values), "--coordinator", address, "--timeout", "600"],
                              stderr=subprocess.PIPE, text=True)
    answers = []
    while True:
        pid, status, usage = os.wait4(export.pid, os.WNOHANG)
        if pid:
            break
        answers.append(list_seconds(summit, address))
        time.sleep(0.05)
    elapsed = time.monotonic() - start
    export.returncode = os.waitstatus_to_exitcode(status)
    if export.returncode != 0:
        raise SystemExit("export failed: " + export.stderr.read())
    return elapsed, [a for a in answers if a is not None], answers.count(None), usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--observations", type=int, default=200000)
    parser.add_argument("--context", type=int, default=100, help="context metrics per observation")
    parser.add_argument("--page-values", type=int, nargs="+", default=[1000000],
                        help="export with each of these page sizes, in this order (a size above the study's "
                             "values sends it as one page)")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--build", default=os.path.join(here, "..", "build"))
    parser.add_argument("--fake-workers", default=os.path.join(here, "..", "build", "bench", "fake_workers"))
    args = parser.parse_args()
    summit = os.path.join(os.path.abspath(args.build), "summit")
    work = tempfile.mkdtemp(prefix="summit-export-")
    address = "tcp://127.0.0.1:%d" % free_port()
    data = os.path.join(work, "data")
    iterations, workers, slots = 100, 4, 25
    study = os.path.join(work, "export.yaml")
    with open(study, "w") as f:
        f.write("name: export\ncommand: true\nobjective: {goal: minimize}\n"
                "algorithm: {name: random, max_trials: %d, seed: 1}\n"
                "parameters: {x: {type: continuous, range: [0, 1]}}\n"
                % (args.observations // iterations + workers * slots))
    log = open(os.path.join(work, "coordinator.log"), "w")
    coordinator = None
    try:
        def start():
            process = subprocess.Popen([summit, "coordinator", "--data", data, "--listen", address],
                                       stdout=log, stderr=log)
            while list_seconds(summit, address) is None:
                time.sleep(0.1)
            return process
        coordinator = start()
        subprocess.run([summit, "study", "submit", study, "--coordinator", address], check=True, capture_output=True)
        filled = time.monotonic()
        subprocess.run([args.fake_workers, address, str(workers), str(slots), str(iterations),
                        str(args.observations), str(args.context)], check=True, capture_output=True)
        print("%d observations x %d context metrics stored in %.1f s; coordinator RSS %.0f MB"
              % (args.observations, args.context, time.monotonic() - filled, rss_mb(coordinator.pid, "VmRSS")))
        idle = statistics.median(list_seconds(summit, address) for _ in range(5))
        print("study list, idle: %.0f ms (the command's own start included)" % (idle * 1000))
        for page_values in args.page_values:
            for fmt in ("json", "csv"):
                out = os.path.join(work, "results." + fmt)
                elapsed, answers, unanswered, client_mb = export_while_listing(summit, address, fmt, out, page_values)
                print("export --format %s --page-values %d: %.2f s, %.0f MB written, command peak RSS %.0f MB; "
                      "study list meanwhile: %d answers, median %.0f ms, longest %.0f ms, %d unanswered"
                      % (fmt, page_values, elapsed, os.path.getsize(out) / 1e6, client_mb, len(answers),
                         1000 * statistics.median(answers) if answers else 0, 1000 * max(answers, default=0),
                         unanswered))
                os.remove(out)
            print("coordinator peak RSS so far: %.0f MB" % rss_mb(coordinator.pid, "VmHWM"))
        export = subprocess.Popen([summit, "study", "export", "1", "--format", "json", "--output",
                                   os.path.join(work, "x.json"), "--coordinator", address, "--timeout", "600"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.3)
        start_term = time.monotonic()
        coordinator.send_signal(signal.SIGTERM)
        try:
            coordinator.wait(timeout=120)
            print("SIGTERM during an export: exited in %.2f s" % (time.monotonic() - start_term))
        except subprocess.TimeoutExpired:
            print("SIGTERM during an export: still running after 120 s")
        export.kill()
        export.wait()
    finally:
        if coordinator and coordinator.poll() is None:
            coordinator.kill()
            coordinator.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
