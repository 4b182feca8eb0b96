"""A coordinator and worker nodes as separate processes (PRODUCT.md §1, §5)."""

import collections
import json
import os
import time
import unittest

from cluster import Cluster, free_port
from harness import SummitTest, wait_for

# Reports N iterations, logging each acknowledged one, with a pause between.
TRIAL = """
i=1
while [ $i -le $2 ]; do
  answer=$(summit report --iteration $i --objective "$1") || exit 1
  echo "$SUMMIT_TRIAL_ID $i" >> acked.log
  if [ "$answer" = stop ]; then exit 0; fi
  i=$((i + 1))
  sleep $3
done
"""


def concurrency(path):
    """From lines 'KEY start|end TIME': the most spans of each key open at
    once, and the most distinct keys open at once."""
    events = []
    with open(path) as f:
        for line in f:
            key, what, at = line.split()
            events.append((float(at), 0 if what == "end" else 1, key))
    open_now, peak, keys_at_once = collections.Counter(), collections.Counter(), 0
    for _, starting, key in sorted(events):
        open_now[key] += 1 if starting else -1
        peak[key] = max(peak[key], open_now[key])
        keys_at_once = max(keys_at_once, sum(1 for n in open_now.values() if n > 0))
    return peak, keys_at_once


def study_yaml(name, trials, iterations=3, pause=0.05, extra=""):
    return """
        name: %s
        command: sh trial.sh :x: %d %s
        objective: {goal: minimize}
        algorithm: {name: random, max_trials: %d, seed: 5}
        parameters: {x: {type: continuous, range: [0, 1]}}
        """.rstrip(" ") % (name, iterations, pause, trials) + extra


class Distributed(SummitTest):
    def setUp(self):
        super().setUp()
        self.write("trial.sh", TRIAL)
        self.cluster = Cluster(self)
        self.cluster.start_coordinator()

    def tearDown(self):
        self.cluster.stop()
        super().tearDown()

    def acked(self):
        if not os.path.exists(self.path("acked.log")):
            return []
        with open(self.path("acked.log")) as f:
            return [tuple(int(v) for v in line.split()) for line in f if line.strip()]

    def assert_nothing_lost_or_duplicated(self, study_id):
        rows = self.cluster.export(study_id)
        stored = collections.Counter((r["Trial-ID"], r["Iteration"]) for r in rows if r["Status"] == "INTERMEDIATE")
        self.assertEqual([k for k, n in stored.items() if n > 1], [])
        acked = [a for a in self.acked() if a[0] in {r["Trial-ID"] for r in rows}]
        self.assertEqual([a for a in acked if a not in stored], [], "acknowledged but not stored")

    def test_three_workers_run_a_study_to_completion(self):
        for name in ("w1", "w2", "w3"):
            self.cluster.start_worker(name)
        study = self.cluster.submit(self.write("s.yaml", study_yaml("three", 18)))
        done = self.cluster.wait_state(study, "FINISHED")
        self.assertEqual(done["counts"]["COMPLETED"], 18)
        self.assertEqual({t["worker"] for t in done["trials"]}, {"w1", "w2", "w3"})
        self.assert_nothing_lost_or_duplicated(study)

    def test_two_studies_share_the_workers_within_their_max_concurrent(self):
        for name in ("w1", "w2", "w3"):
            self.cluster.start_worker(name)
        self.write("span.sh", 'echo "$1 start $(date +%s.%N)" >> spans.log; sleep 0.4; '
                              'summit report --iteration 1 --objective 1 > /dev/null; echo "$1 end $(date +%s.%N)" >> spans.log\n')
        for name in ("a", "b"):
            self.write(name + ".yaml", """
                name: %s
                command: sh span.sh %s
                objective: {goal: minimize}
                algorithm: {name: random, max_trials: 8}
                max_concurrent: 2
                parameters: {x: {type: continuous, range: [0, 1]}}
                """ % (name, name))
        ids = [self.cluster.submit(self.path("a.yaml")), self.cluster.submit(self.path("b.yaml"))]
        for study in ids:
            self.cluster.wait_state(study, "FINISHED")
        peak, studies_at_once = concurrency(self.path("spans.log"))
        self.assertEqual(peak["a"], 2)
        self.assertEqual(peak["b"], 2)
        self.assertEqual(studies_at_once, 2, "the two studies should have run side by side")

    def test_study_kill_ends_running_trials_stopped_within_seconds(self):
        self.cluster.start_worker("w1", slots=3)
        study = self.cluster.submit(self.write("s.yaml", study_yaml("long", 6, iterations=1000, pause=0.1)))
        self.assertTrue(wait_for(lambda: self.cluster.show(study)["counts"]["RUNNING"] == 3))
        started = time.monotonic()
        self.assertIn("is KILLED", self.cluster.study("kill", study).stdout)
        self.assertTrue(wait_for(lambda: self.cluster.show(study)["counts"]["RUNNING"] == 0, timeout=20, interval=0.05))
        elapsed = time.monotonic() - started
        shown = self.cluster.show(study)
        self.assertEqual(shown["state"], "KILLED")
        self.assertEqual([t["status"] for t in shown["trials"]], ["STOPPED"] * 3)
        self.assertLess(elapsed, 10)
        print("study kill: all trials STOPPED after %.2f s" % elapsed)

    def test_a_worker_killed_with_kill_9_has_its_trials_resubmitted_elsewhere(self):
        self.cluster.start_worker("w1")
        study = self.cluster.submit(self.write("s.yaml", study_yaml("lossy", 4, iterations=20, pause=0.1,
                                                                    extra="        retries: 1\n")))
        self.assertTrue(wait_for(lambda: self.cluster.show(study)["counts"]["RUNNING"] == 2))
        self.cluster.start_worker("w2")
        self.cluster.kill(self.cluster.workers["w1"])
        done = self.cluster.wait_state(study, "FINISHED")
        lost = [t for t in done["trials"] if t["status"] == "FAILED"]
        self.assertEqual(len(lost), 2)
        for t in lost:
            self.assertIn("lost: worker w1", t["reason"])
            retry = [r for r in done["trials"] if r.get("retry_of") == t["id"]]
            self.assertEqual(len(retry), 1)
            self.assertEqual(retry[0]["status"], "COMPLETED")
            self.assertEqual(retry[0]["worker"], "w2")
            self.assertEqual(retry[0]["parameters"], t["parameters"])
        self.assertEqual(done["counts"]["COMPLETED"], 4)

    def test_the_coordinator_killed_and_restarted_loses_nothing(self):
        for name in ("w1", "w2"):
            self.cluster.start_worker(name)
        study = self.cluster.submit(self.write("s.yaml", study_yaml("durable", 8, iterations=12, pause=0.1)))
        self.assertTrue(wait_for(lambda: len(self.acked()) >= 15))
        running_before = {t["id"] for t in self.cluster.show(study)["trials"] if t["status"] == "RUNNING"}
        self.cluster.kill(self.cluster.coordinator)
        time.sleep(1.5)  # the trials keep running; their observations wait
        self.cluster.start_coordinator()
        done = self.cluster.wait_state(study, "FINISHED")
        self.assertEqual(done["counts"]["COMPLETED"], 8)
        self.assertEqual(done["counts"]["FAILED"], 0)
        by_id = {t["id"]: t for t in done["trials"]}
        for trial in running_before:  # carried on under the same ids
            self.assertEqual(by_id[trial]["status"], "COMPLETED")
            self.assertEqual(by_id[trial]["last_iteration"], 12)
        self.assert_nothing_lost_or_duplicated(study)

    def test_every_study_command_in_text_and_json(self):
        self.cluster.start_worker("w1")
        first = self.cluster.submit(self.write("s.yaml", study_yaml("cmds", 3)))
        self.cluster.wait_state(first, "FINISHED")
        c = self.cluster
        self.assertIn("cmds", c.study("list").stdout)
        listed = json.loads(c.study("list", "--json").stdout)
        self.assertEqual([s["name"] for s in listed], ["cmds"])
        self.assertIn("3/3 done", c.study("show", first).stdout)
        self.assertEqual(len(c.show(first)["trials"]), 3)
        self.assertIn("objective =", c.study("best", first).stdout)
        best = json.loads(c.study("best", first, "--json").stdout)
        self.assertEqual(best["status"], "COMPLETED")
        self.assertIn("TRIAL  ITER", c.study("metrics", first).stdout)
        metrics = json.loads(c.study("metrics", first, "objective", "--json").stdout)
        self.assertEqual(len(metrics["series"]), 3)
        self.assertTrue(c.study("export", first).stdout.startswith("Trial-ID,Status,Iteration,Objective,x"))
        self.assertEqual(len(c.export(first)), 3 * 3 + 3)
        # A page at a time (whole trials, one snapshot), as a large study streams: the same table.
        for fmt in ("csv", "json"):
            paged = c.study("export", first, "--format", fmt, "--page-values", 2).stdout
            self.assertEqual(paged, c.study("export", first, "--format", fmt, "--page-values", 1000).stdout)
        self.assertEqual(json.loads(c.study("export", first, "--format", "json", "--page-values", 1).stdout),
                         c.export(first))
        second = c.submit(self.write("t.yaml", study_yaml("stoppable", 50, iterations=50, pause=0.1)))
        self.assertIn("is STOPPING", c.study("stop", second).stdout)
        self.assertEqual(c.wait_state(second, "STOPPED")["state"], "STOPPED")
        self.assertIn("(archived)", c.study("archive", first).stdout)
        self.assertEqual([s["name"] for s in json.loads(c.study("list", "--json").stdout)], ["stoppable"])
        self.assertEqual(len(json.loads(c.study("list", "--all", "--json").stdout)), 2)
        refused = c.study("show", 99, check=False)
        self.assertEqual(refused.returncode, 1)
        self.assertEqual(refused.stderr.strip(), "summit: no study 99")
        bad = self.write("bad.yaml", "name: x\n")
        refused = c.study("submit", bad, check=False)
        self.assertEqual(refused.returncode, 2)
        self.assertIn("bad.yaml:1: parameters: missing", refused.stderr)

    def test_each_running_trial_holds_one_of_its_worker_resources(self):
        self.cluster.start_worker("gpus", slots=4, extra=["--resources", "r0,r1"])  # 2 resources: 2 slots
        self.write("res.sh", 'echo "$SUMMIT_RESOURCE start $(date +%s.%N)" >> res.log; sleep 0.3; '
                             'summit report --iteration 1 --objective 1 > /dev/null; '
                             'echo "$SUMMIT_RESOURCE end $(date +%s.%N)" >> res.log\n')
        study = self.cluster.submit(self.write("r.yaml", """
            name: res
            command: sh res.sh
            objective: {goal: minimize}
            algorithm: {name: random, max_trials: 6}
            parameters: {x: {type: continuous, range: [0, 1]}}
            """))
        self.cluster.wait_state(study, "FINISHED")
        peak, _ = concurrency(self.path("res.log"))
        self.assertEqual(dict(peak), {"r0": 1, "r1": 1})  # both used, never by two trials at once

    def test_a_worker_with_idle_exit_leaves_once_its_last_trial_has_ended(self):
        study = self.cluster.submit(self.write("s.yaml", study_yaml("short", 2, iterations=2, pause=0.3)))
        self.cluster.start_worker("idle", slots=2, extra=["--idle-exit", "2.5"])
        self.cluster.wait_state(study, "FINISHED")
        ended = time.monotonic()
        worker = self.cluster.workers["idle"]
        self.assertEqual(worker.wait(timeout=20), 0)
        # The timer starts when its last trial ends, not while trials run.
        self.assertLess(time.monotonic() - ended, 10)
        with open(self.path("idle.log")) as log:
            self.assertIn("no trial for 2.5 s: leaving (--idle-exit)", log.read())
        self.assertEqual(self.cluster.show(study)["counts"]["COMPLETED"], 2)

    def test_a_command_against_a_coordinator_that_is_not_there_fails_fast(self):
        started = time.monotonic()
        proc = self.summit("study", "list", "--coordinator", "tcp://127.0.0.1:%d" % free_port(), "--timeout", "1",
                           check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertRegex(proc.stderr.strip(), r"^summit: no answer from the coordinator at tcp://127\.0\.0\.1:\d+ within 1\.00 s$")
        self.assertLess(time.monotonic() - started, 5)


    def test_an_end_sent_right_behind_its_trials_observation_finds_it_applied(self):
        """Ends, new trials and suggestions pass the observations queued in
        the coordinator (urgent messages); a worker's end does so only when
        nothing of that worker's is still queued. A worker that sends each
        trial's observation and its end back to back, 20 trials at a time,
        has every observation acknowledged and every trial's objective is its
        observation's."""
        import msgpack
        import zmq
        frame = lambda kind, body: msgpack.packb([1, kind, body], use_bin_type=True)  # noqa: E731
        dealer = zmq.Context.instance().socket(zmq.DEALER)
        dealer.setsockopt(zmq.LINGER, 0)
        dealer.setsockopt(zmq.ROUTING_ID, b"raw")
        dealer.connect(self.cluster.address)
        self.addCleanup(dealer.close)
        dealer.send(frame(16, {"name": "raw", "slots": 20, "resources": [], "running": [], "ended": []}))
        self.write("study.yaml", study_yaml("order", 200))
        study = self.cluster.submit(self.path("study.yaml"))
        acks, refusals, ended, last_heartbeat = 0, [], 0, time.monotonic()
        deadline = time.monotonic() + 60
        while (ended < 200 or acks + len(refusals) < 200) and time.monotonic() < deadline:
            if time.monotonic() - last_heartbeat > 0.1:
                dealer.send(frame(21, {}))
                last_heartbeat = time.monotonic()
            if not dealer.poll(100):
                continue
            _, kind, body = msgpack.unpackb(dealer.recv(), raw=False)
            if kind == 17:  # run_trial: its observation, then its end at once
                trial = body["trial"]
                dealer.send(frame(23, {"items": [{"trial": trial, "iteration": 1, "objective": 0.5, "context": {}}]}))
                dealer.send(frame(19, {"trial": trial, "exit_code": 0, "signal": 0}))
            elif kind == 24:  # replies
                for item in body["items"]:
                    if "code" in item:
                        refusals.append(item)
                    else:
                        acks += 1
            elif kind == 22:
                ended += 1
            elif kind == 5:
                refusals.append(body)
        self.assertEqual(refusals, [])
        self.assertEqual((acks, ended), (200, 200))
        self.assertEqual(self.cluster.wait_state(study, "FINISHED")["counts"]["COMPLETED"], 200)
        # Each trial ended with its observation applied: its objective is that observation's.
        completed = [r for r in self.cluster.export(study) if r["Status"] == "COMPLETED"]
        self.assertEqual([r["Trial-ID"] for r in completed if r["Objective"] != 0.5], [])

if __name__ == "__main__":
    unittest.main()
