"""Worker nodes as SLURM jobs (issue 9), on a real one-node SLURM cluster
that the test starts itself (tests/slurm/cluster.sh: slurmctld, slurmd and
munge without systemd) and stops by the PIDs it started. Needs root; skipped
with the reason otherwise."""

import os
import re
import shutil
import subprocess
import time
import unittest

from cluster import Cluster
from harness import SOURCE_DIR, SUMMIT, SummitTest, wait_for

CLUSTER = os.path.join(SOURCE_DIR, "tests", "slurm", "cluster.sh")
STATE = "/tmp/summit-slurm-test"

STUDY = """
name: slurm
command: "sleep %s; summit report --iteration 0 --objective :x:"
objective: {goal: minimize}
algorithm: {name: random, max_trials: %d}
retries: 2
parameters:
  x: {type: continuous, range: [0, 1]}
"""


def why_not():
    if os.geteuid() != 0:
        return "starting slurmctld, slurmd and munge needs root"
    if not shutil.which("slurmctld") or not shutil.which("munged"):
        return "slurm-wlm and munge are not installed (scripts/setup installs them)"
    return None


WHY_NOT = why_not()


class SlurmTest(SummitTest):
    """A one-node cluster for the class, a coordinator for each test."""

    @classmethod
    def setUpClass(cls):
        env = dict(os.environ, SMOKE_TEST="0", SLURM_CI_DIR=STATE, SCHED_PARAMS="batch_sched_delay=0")
        started = subprocess.run([CLUSTER], env=env, capture_output=True, text=True, timeout=120)
        if started.returncode != 0:
            raise RuntimeError("the SLURM cluster did not start:\n" + started.stdout + started.stderr)
        os.environ["SLURM_CONF"] = os.path.join(STATE, "slurm.conf")

    @classmethod
    def tearDownClass(cls):
        subprocess.run([CLUSTER, "stop"], env=dict(os.environ, SLURM_CI_DIR=STATE), capture_output=True, timeout=120)

    def setUp(self):
        super().setUp()
        self.cluster = Cluster(self)
        self.cluster.start_coordinator()

    def tearDown(self):
        # Before the test's directory goes: the next test needs the node's CPUs.
        self.summit("slurm", "cancel", "--dir", self.path("slurm"), timeout=60)
        wait_for(lambda: not subprocess.run(["squeue", "-h"], capture_output=True, text=True).stdout.strip(),
                 timeout=30)
        self.cluster.stop()
        super().tearDown()

    def workers(self, *args):
        proc = self.summit("slurm", "workers", "--join", self.cluster.address, "--dir", self.path("slurm"), *args,
                           check=True, timeout=60)
        return re.search(r"SLURM job (\d+)", proc.stdout).group(1)

    def status(self):
        return self.summit("slurm", "status", "--dir", self.path("slurm"), check=True, timeout=60).stdout


@unittest.skipIf(WHY_NOT, "SLURM tests skipped: %s" % WHY_NOT)
class SlurmWorkers(SlurmTest):
    def test_two_workers_in_one_job_run_a_study_and_leave_when_idle(self):
        study = self.cluster.submit(self.write("study.yaml", STUDY % ("0.2", 8)))
        started = time.monotonic()
        job = self.workers("--workers-per-node", "2", "--slots", "1", "--idle-exit", "3")
        self.assertTrue(wait_for(lambda: self.cluster.show(study)["counts"]["RUNNING"] > 0, timeout=60))
        first_trial = time.monotonic() - started
        final = self.cluster.wait_state(study, "FINISHED", timeout=120)
        self.assertEqual(final["counts"]["COMPLETED"], 8)
        names = {t["worker"] for t in final["trials"]}
        self.assertEqual(names, {n for n in names if re.search(r"-job%s\.[01]$" % job, n)})
        self.assertIn("RUNNING", self.status())
        # Idle for 3 s, the workers leave and the allocation is given back.
        self.assertTrue(wait_for(lambda: re.search(r"^%s\s+ENDED" % job, self.status(), re.M), timeout=60),
                        self.status())
        print("\nsummit slurm workers -> first trial running: %.2f s" % first_trial)

    def test_a_cancelled_worker_job_has_its_trials_retried_elsewhere(self):
        study = self.cluster.submit(self.write("study.yaml", STUDY % ("2", 6)))
        jobs = [self.workers("--slots", "1"), self.workers("--slots", "1")]
        self.assertTrue(wait_for(lambda: len({t["worker"] for t in self.cluster.show(study)["trials"]
                                              if t["status"] == "RUNNING"}) == 2, timeout=60))
        self.summit("slurm", "cancel", jobs[0], "--dir", self.path("slurm"), check=True, timeout=60)
        final = self.cluster.wait_state(study, "FINISHED", timeout=120)
        self.assertEqual(final["counts"]["COMPLETED"], 6, final)
        # scancel's SIGTERM reaches the trials too ("killed by signal 15"), or
        # the worker is lost first: either way FAILED on the cancelled job,
        # and retried until it completed on the other one.
        failed = [t for t in final["trials"] if t["status"] == "FAILED"]
        self.assertTrue(failed, final["trials"])
        for t in failed:
            self.assertTrue(t["worker"].endswith("-job%s.0" % jobs[0]), t)
            self.assertTrue(re.search(r"signal 15|lost", t["reason"]), t)
        retried = {t["retry_of"] for t in final["trials"] if t.get("origin") == "retry"}
        self.assertEqual(retried, {t["id"] for t in failed})

    def test_slurm_refusals_are_passed_on(self):
        proc = self.summit("slurm", "workers", "--join", self.cluster.address, "--dir", self.path("slurm"),
                           "--partition", "nosuch", check=False, timeout=60)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("sbatch refused the workers' job", proc.stderr)
        self.assertIn("invalid partition", proc.stderr.lower())


EXECUTOR_STUDY = """
name: jobs
command: /usr/bin/python3 trial.py
objective: {goal: minimize}
algorithm: {name: iterate, points: [{x: 0.1}, {x: 0.2}, {x: 0.3}, {x: 0.9}]}
stopping: {rule: median, min_iterations: 2, min_trials: 2}
retries: 1
parameters:
  x: {type: continuous, range: [0, 1]}
"""

# x=0.1 fails once (exit 3), then passes; x=0.9 is worse than the median
# and ignores the stop, so its job must be cancelled.
EXECUTOR_TRIAL = """
import os, sys, time, summit
client = summit.Client()
trial = client.get_trial()
x = trial.parameters["x"]
if x == 0.1 and not os.path.exists("failed-once"):
    open("failed-once", "w").close()
    sys.exit(3)
for i in range(8 if x < 0.5 else 1000):
    client.send_metrics(trial, iteration=i, objective=x)
    time.sleep(0.2 if x < 0.5 else 0.5)
"""


@unittest.skipIf(WHY_NOT, "SLURM tests skipped: %s" % WHY_NOT)
class SlurmTrials(SlurmTest):
    def test_trials_as_slurm_jobs_complete_fail_and_are_stopped(self):
        self.write("trial.py", EXECUTOR_TRIAL)
        self.cluster.start_worker("w", slots=2, extra=["--executor", "slurm", "--trial-host", "127.0.0.1"])
        study = self.cluster.submit(self.write("study.yaml", EXECUTOR_STUDY))
        final = self.cluster.wait_state(study, "FINISHED", timeout=180)
        by_x = {}
        for t in final["trials"]:
            by_x.setdefault(t["parameters"]["x"], []).append(t)
        self.assertEqual([t["status"] for t in by_x[0.1]], ["FAILED", "COMPLETED"], by_x[0.1])
        self.assertIn("exit code 3", by_x[0.1][0]["reason"])
        self.assertEqual([t["status"] for t in by_x[0.2]], ["COMPLETED"])
        self.assertEqual([t["status"] for t in by_x[0.9]], ["STOPPED"], by_x[0.9])
        stopped = by_x[0.9][0]["id"]
        with open(self.path("logs-w", "study-%d" % study, "trial-%d.log" % stopped)) as f:
            self.assertIn("CANCELLED", f.read())

    def test_sbatch_refusing_a_trial_fails_it_with_slurms_message(self):
        self.write("trial.py", EXECUTOR_TRIAL)
        self.cluster.start_worker("w", slots=1, extra=["--executor", "slurm", "--trial-host", "127.0.0.1",
                                                       "--sbatch-arg=--partition=nosuch"])
        study = self.cluster.submit(self.write("study.yaml", EXECUTOR_STUDY.replace("retries: 1", "retries: 0")))
        final = self.cluster.wait_state(study, "FINISHED", timeout=120)
        self.assertEqual(final["counts"]["FAILED"], 4)
        for t in final["trials"]:
            self.assertIn("SLURM refused the trial", t["reason"])
            self.assertIn("invalid partition", t["reason"].lower())
        with open(self.path("logs-w", "study-%d" % study, "trial-1.log")) as f:
            log = f.read()
        self.assertIn("SLURM refused the trial", log)
        self.assertIn("invalid partition", log)


KEYED_TRIAL = """
import os, summit
client = summit.Client()
trial = client.get_trial()
with open("seen-%d" % trial.id, "w") as f:
    f.write(os.environ.get("SUMMIT_WORKER_KEY", ""))
os.system("summit report --iteration 1 --objective %s > /dev/null" % trial.parameters["x"])
client.send_metrics(trial, iteration=2, objective=trial.parameters["x"])
"""


@unittest.skipIf(WHY_NOT, "SLURM tests skipped: %s" % WHY_NOT)
class SlurmTrialsWithKeys(SlurmTest):
    def test_with_keys_the_trial_socket_is_encrypted_and_job_scripts_are_private(self):
        # A worker with keys whose trials run as jobs listens beyond loopback:
        # its trials' traffic is CURVE-encrypted, each trial's token travels
        # inside, and the job script that holds the token is its owner's only.
        self.cluster.stop()
        for name, folder in (("coordinator", "keys"), ("w", "w")):
            self.summit("keygen", name, "--dir", self.path(folder), check=True)
        shutil.copy(self.path("w", "w.key"), self.path("keys"))
        keys = ["--key", self.path("w", "w.key_secret"), "--coordinator-key", self.path("keys", "coordinator.key")]
        self.cluster = Cluster(self, coordinator_extra=["--keys", self.path("keys")], client_args=keys)
        self.cluster.start_coordinator()
        self.write("trial.py", KEYED_TRIAL)
        self.cluster.start_worker("w", slots=2, extra=["--executor", "slurm", "--trial-host", "127.0.0.1"])
        study = self.cluster.submit(self.write("study.yaml", """
            name: keyed
            command: /usr/bin/python3 trial.py
            objective: {goal: minimize}
            algorithm: {name: iterate, points: [{x: 0.1}, {x: 0.2}]}
            parameters:
              x: {type: continuous, range: [0, 1]}
            """))
        final = self.cluster.wait_state(study, "FINISHED", timeout=120)
        self.assertEqual(final["counts"]["COMPLETED"], 2, final)
        with open(self.path("w", "w.key")) as f:
            public = f.read()
        for t in final["trials"]:
            with open(self.path("seen-%d" % t["id"])) as f:
                seen = f.read()
            self.assertEqual(len(seen), 40)
            self.assertIn(seen, public)  # the worker's public key, from its key file
            script = self.path("logs-w", "study-%d" % study, "trial-%d.log.sbatch" % t["id"])
            self.assertEqual(os.stat(script).st_mode & 0o777, 0o600)
        rows = self.cluster.export(study)
        self.assertEqual(sorted(r["Iteration"] for r in rows if r["Status"] == "INTERMEDIATE"), [1, 1, 2, 2])


class WithoutSlurm(SummitTest):
    def test_slurm_missing_is_a_clear_error(self):
        env = dict(os.environ, PATH="/nonexistent")
        proc = subprocess.run([SUMMIT, "slurm", "status"], env=env, capture_output=True, text=True, timeout=30,
                              cwd=self.dir)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("SLURM is not installed here (squeue is not on PATH)", proc.stderr)


if __name__ == "__main__":
    unittest.main()
