#!/usr/bin/python3
"""bench/ask_tell: what a trial costs when the script runs it itself: a
durable ask, one observation and a tell of a random-search trial, through
summit.Study on summit.local(), from 1 and from 8 client processes, in
SHERPA's style (add_observation, which answers whether to stop, then
finalize) and Optuna's (tell(trial, value)); beside Optuna 3.1's ask,
report and tell on SQLite and on JournalFileStorage in the same run when
python3-optuna is installed. Per trial and per second are over the loops,
from when every process has connected (Optuna: loaded its study) to when
the last one finishes; the whole run, with forking and connecting, is
printed beside.

    bench/ask_tell.py [--trials 2000] [--processes 1 8] [--styles sherpa optuna] [--peers sqlite,journal|none]

Run from the source tree after a build (SUMMIT_BINARY defaults to build/summit).
"""

import argparse
import multiprocessing
import os
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "clients", "python"))
os.environ.setdefault("SUMMIT_BINARY", os.path.join(HERE, "..", "build", "summit"))

import summit  # noqa: E402


STYLES = {"sherpa": "(add_observation + finalize)", "optuna": "(tell(trial, value))"}


def summit_loop(address, study_id, style, out, connected):
    study = summit.connect(address).study(study_id)
    connected.wait()
    done = 0
    for trial in study:
        if style == "sherpa":  # the observation acknowledged (with the rule's decision), then the end
            study.add_observation(trial, iteration=1, objective=trial.parameters["x"] ** 2)
            study.finalize(trial)
        else:  # Optuna's tell(trial, value): the observation and the end in one durable write
            study.tell(trial, trial.parameters["x"] ** 2)
        done += 1
    study.close()
    out.put(done)


def bench_summit(trials, processes, style, work):
    with summit.local(os.path.join(work, "summit-%s-%d" % (style, processes)), slots=0) as client:
        study_id = client.submit({"name": "bench", "objective": {"goal": "minimize"},
                                  "algorithm": {"name": "random", "max_trials": trials},
                                  "parameters": {"x": {"type": "continuous", "range": [-1, 1]}}})
        out = multiprocessing.Queue()
        connected = multiprocessing.Barrier(processes + 1, timeout=600)
        start = time.monotonic()
        workers = [multiprocessing.Process(target=summit_loop,
                                           args=(client.coordinator, study_id, style, out, connected))
                   for _ in range(processes)]
        for w in workers:
            w.start()
        connected.wait()
        looping = time.monotonic()
        done = sum(out.get(timeout=600) for _ in workers)  # a child that died does not hang the run
        end = time.monotonic()
        for w in workers:
            w.join()
        assert done == trials, (done, trials)
        info, _, _ = client.show(study_id)
        assert info.counts["COMPLETED"] == trials
    return end - start, end - looping


def optuna_loop(storage, name, trials, out, connected):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    done = 0
    try:
        study = optuna.load_study(study_name=name, storage=storage)
        connected.wait()
        for _ in range(trials):
            trial = study.ask()
            x = trial.suggest_float("x", -1, 1)
            trial.report(x * x, 1)
            study.tell(trial, x * x)
            done += 1
        out.put(done)
    except Exception as e:  # e.g. SQLite's "database is locked" under several writers
        connected.abort()  # the parent does not wait for a loop that will not start
        out.put("%s after %d trials" % (str(e).splitlines()[0][:120], done))


def bench_optuna(kind, trials, processes, work):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if kind == "sqlite":
        storage = "sqlite:///" + os.path.join(work, "optuna-%d.db" % processes)
        make = lambda: storage  # noqa: E731
    else:
        path = os.path.join(work, "optuna-%d.log" % processes)
        make = lambda: optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(path))  # noqa: E731
    optuna.create_study(study_name="bench", storage=make(), sampler=optuna.samplers.RandomSampler())
    out = multiprocessing.Queue()
    connected = multiprocessing.Barrier(processes + 1, timeout=600)
    start = time.monotonic()
    each = trials // processes
    workers = [multiprocessing.Process(target=lambda: optuna_loop(make(), "bench", each, out, connected))
               for _ in range(processes)]
    for w in workers:
        w.start()
    try:
        connected.wait()
    except threading.BrokenBarrierError:
        pass  # a child failed before its loop: its answer says why
    looping = time.monotonic()
    answers = [out.get(timeout=600) for _ in workers]  # a child that died does not hang the run
    end = time.monotonic()
    for w in workers:
        w.join()
    failures = [a for a in answers if isinstance(a, str)]
    if failures:
        raise RuntimeError(failures[0])
    return end - start, end - looping, sum(answers)


def report(what, processes, trials, elapsed, loop):
    """Per trial and per second over the loops (from when every process had
    connected to when the last finished), and the whole run with forking
    and connecting."""
    print("%s %d process%s: %d trials, %.3f ms a trial, %.0f trials/s (%.2f s of loops; %.2f s with connecting: "
          "%.0f trials/s)" % (what, processes, "" if processes == 1 else "es", trials, 1000 * loop / trials,
                              trials / loop, loop, elapsed, trials / elapsed))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--peers", default="sqlite,journal", help="Optuna storages beside Summit, or none")
    parser.add_argument("--styles", nargs="+", default=list(STYLES), choices=list(STYLES))
    args = parser.parse_args()
    multiprocessing.set_start_method("fork")
    peers = [p for p in args.peers.split(",") if p and p != "none"]
    try:
        import optuna
        if peers:
            print("optuna %s" % optuna.__version__)
    except ImportError:
        peers = []
        print("python3-optuna is not installed: Summit alone")
    with tempfile.TemporaryDirectory(prefix="summit-asktell-") as work:
        for n in args.processes:
            for style in args.styles:
                elapsed, loop = bench_summit(args.trials, n, style, work)
                report("summit.Study %-27s" % (STYLES[style] + ","), n, args.trials, elapsed, loop)
            for peer in peers:
                try:
                    elapsed, loop, done = bench_optuna(peer, args.trials if peer == "journal" else min(args.trials, 500),
                                                       n, work)
                except RuntimeError as e:
                    print("optuna %-8s %d process%s: failed: %s" % (peer + ",", n, "" if n == 1 else "es", e))
                    continue
                report("optuna %-8s" % (peer + ","), n, done, elapsed, loop)


if __name__ == "__main__":
    main()
