#!/usr/bin/python3
"""The chaos driver (PRODUCT.md §5): a study of short trials on a coordinator
and three workers, while a seeded driver kill -9s the coordinator (also right
after a study submission), kill -9s workers and trial processes and SIGSTOPs a
worker past its heartbeat deadline. Then it checks, from the export: every
observation a trial saw acknowledged is stored exactly once; every trial is
in a terminal state; FAILED trials were resubmitted per `retries`; the study
reached its end; no process but the killed ones died. test_chaos.py runs a
short version; for a long one:

    tests/chaos/chaos.py --rounds 200 [--seed 7] [--trials 1000]
"""

import argparse
import collections
import json
import os
import random
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from cluster import Cluster  # noqa: E402
from harness import wait_for  # noqa: E402

# Reports its iterations, logging each acknowledged one; its pid is where the
# driver can find it.
TRIAL = """
echo $$ > pids/$SUMMIT_TRIAL_ID
i=1
while [ $i -le 5 ]; do
  answer=$(summit report --iteration $i --objective "$1") || exit 1
  echo "$SUMMIT_TRIAL_ID $i" >> acked.log
  if [ "$answer" = stop ]; then exit 0; fi
  i=$((i + 1))
  sleep 0.02
done
"""

STUDY = """
name: %s
command: sh chaos-trial.sh :x:
objective: {goal: minimize}
algorithm: {name: random, max_trials: %d, seed: 3}
retries: %d
parameters: {x: {type: continuous, range: [0, 1]}}
"""

WORKERS = ("w1", "w2", "w3")
RETRIES = 5


class Chaos:
    """Drives one run; `test` is a SummitTest (its directory, its asserts)."""

    def __init__(self, test, seed, rounds, trials):
        self.test, self.rng, self.rounds, self.trials = test, random.Random(seed), rounds, trials
        self.figures = collections.Counter()
        self.cluster = Cluster(test)
        os.makedirs(test.path("pids"), exist_ok=True)
        test.write("chaos-trial.sh", TRIAL)

    def run(self):
        c = self.cluster
        c.start_coordinator()
        for name in WORKERS:
            c.start_worker(name, slots=3)
        study = c.submit(self.test.write("chaos.yaml", STUDY % ("chaos", self.trials, RETRIES)))
        for round_number in range(self.rounds):
            time.sleep(self.rng.uniform(0.2, 0.8))
            # Every other round kills the coordinator, so a short run still does it often.
            action = "coordinator" if round_number % 2 == 0 else self.rng.choice(
                ["worker", "trial", "trial", "stop", "submit"])
            getattr(self, "kill_" + action)()
        for name in WORKERS:  # a stopped worker gets going again before the end
            os.kill(c.workers[name].pid, signal.SIGCONT)
        done = c.wait_state(study, "FINISHED", timeout=300)
        self.check(study, done)
        return self.figures

    def kill_coordinator(self):
        self.cluster.kill(self.cluster.coordinator)
        time.sleep(self.rng.uniform(0.0, 0.5))
        self.cluster.start_coordinator()
        self.figures["coordinator kills"] += 1

    def kill_submit(self):
        """kill -9 while a study is being submitted: it exists afterwards
        exactly when submit said so."""
        c = self.cluster
        path = self.test.write("extra.yaml", STUDY % ("extra-%d" % self.figures["submissions"], 3, RETRIES))
        proc = subprocess.Popen(c.command("study", "submit", path), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, cwd=self.test.dir)
        time.sleep(self.rng.uniform(0.0, 0.05))
        c.kill(c.coordinator)
        proc.communicate(timeout=30)
        c.start_coordinator()
        names = {s["name"] for s in json.loads(c.study("list", "--json").stdout)}
        name = "extra-%d" % self.figures["submissions"]
        if proc.returncode == 0:
            self.test.assertIn(name, names, "submit said yes, the restarted coordinator does not know it")
        self.figures["submissions"] += 1
        self.figures["coordinator kills"] += 1

    def kill_worker(self):
        name = self.rng.choice(WORKERS)
        self.cluster.kill(self.cluster.workers[name])
        self.cluster.start_worker(name, slots=3)
        self.figures["worker kills"] += 1

    def kill_trial(self):
        pids = []
        for name in os.listdir(self.test.path("pids")):
            try:
                with open(self.test.path("pids", name)) as f:
                    pids.append(int(f.read()))
            except (OSError, ValueError):
                pass
        self.rng.shuffle(pids)
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                self.figures["trial kills"] += 1
                return
            except ProcessLookupError:
                continue

    def kill_stop(self):
        """SIGSTOP a worker past its heartbeat deadline, then let it go on."""
        worker = self.cluster.workers[self.rng.choice(WORKERS)]
        os.kill(worker.pid, signal.SIGSTOP)
        time.sleep(2.0)  # the deadline is 1 s
        os.kill(worker.pid, signal.SIGCONT)
        self.figures["worker stops"] += 1

    def check(self, study, done):
        t = self.test
        rows = self.cluster.export(study)
        stored = collections.Counter((r["Trial-ID"], r["Iteration"]) for r in rows if r["Status"] == "INTERMEDIATE")
        ids = {r["Trial-ID"] for r in rows}
        acked = set()
        with open(t.path("acked.log")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and int(parts[0]) in ids:
                    acked.add((int(parts[0]), int(parts[1])))
        lost = sorted(a for a in acked if a not in stored)
        duplicated = sorted(k for k, n in stored.items() if n > 1)
        self.figures["observations checked"] = len(acked)
        self.figures["lost"] = len(lost)
        self.figures["duplicated"] = len(duplicated)
        t.assertEqual(lost, [], "acknowledged but not stored")
        t.assertEqual(duplicated, [])
        trials = {x["id"]: x for x in done["trials"]}
        t.assertTrue(all(x["status"] in ("COMPLETED", "FAILED", "STOPPED") for x in trials.values()))
        retried = {x["retry_of"] for x in trials.values() if "retry_of" in x}
        for x in trials.values():
            if x["status"] != "FAILED" or x["id"] in retried:
                continue
            chain, at = 1, x
            while "retry_of" in at:
                at, chain = trials[at["retry_of"]], chain + 1
            t.assertGreaterEqual(chain, RETRIES + 1, "FAILED and not retried: %s" % x)
        self.figures["trials"] = len(trials)
        self.figures["failed (then retried)"] = sum(1 for x in trials.values() if x["status"] == "FAILED")
        # Nothing died but what the driver killed.
        for name, p in [("coordinator", self.cluster.coordinator)] + list(self.cluster.workers.items()):
            t.assertIsNone(p.poll(), "%s exited by itself with %s" % (name, p.returncode))
        for name in ("coordinator",) + WORKERS:
            with open(t.path(name + ".log")) as f:
                log = f.read()
            for sign in ("terminate called", "Assertion", "AddressSanitizer", "runtime error", "Segmentation"):
                t.assertNotIn(sign, log, "%s's log" % name)


def main():
    import unittest
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--trials", type=int, default=1000)
    args = parser.parse_args()

    from harness import SummitTest

    class Long(SummitTest):
        def runTest(self):
            chaos = Chaos(self, args.seed, args.rounds, args.trials)
            try:
                figures = chaos.run()
            finally:
                chaos.cluster.stop()
            print(", ".join("%s: %d" % kv for kv in sorted(figures.items())))

    result = unittest.TextTestRunner(verbosity=2).run(Long())
    sys.exit(0 if result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
