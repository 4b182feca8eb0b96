"""Worker nodes as SLURM jobs (issue 9), on a real one-node SLURM cluster
that the test starts itself (tests/slurm/cluster.sh: slurmctld, slurmd and
munge without systemd) and stops by the PIDs it started. Needs root; skipped
with the reason otherwise."""

import os
import shutil
import subprocess
import unittest

from batch_cases import EXECUTOR_STUDY, EXECUTOR_TRIAL, TrialJobCases, WorkerJobCases
from cluster import Cluster
from harness import SOURCE_DIR, SUMMIT, SummitTest, wait_for

CLUSTER = os.path.join(SOURCE_DIR, "tests", "slurm", "cluster.sh")
STATE = "/tmp/summit-slurm-test"


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


@unittest.skipIf(WHY_NOT, "SLURM tests skipped: %s" % WHY_NOT)
class SlurmWorkers(WorkerJobCases, SlurmTest):
    scheduler, job_word, two_workers, first_task = "slurm", "SLURM job", ("--workers-per-node", "2", "--slots", "1"), 0

    def test_slurm_refusals_are_passed_on(self):
        proc = self.summit("slurm", "workers", "--join", self.cluster.address, "--dir", self.path("slurm"),
                           "--partition", "nosuch", check=False, timeout=60)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("sbatch refused the workers' job", proc.stderr)
        self.assertIn("invalid partition", proc.stderr.lower())


@unittest.skipIf(WHY_NOT, "SLURM tests skipped: %s" % WHY_NOT)
class SlurmTrials(TrialJobCases, SlurmTest):
    executor, ignore_sigterm = "slurm", False

    def test_trials_as_jobs_complete_fail_and_are_stopped(self):
        study, by_x = super().test_trials_as_jobs_complete_fail_and_are_stopped()
        self.assertIn("CANCELLED", self.log_of(study, by_x[0.9][0]["id"]))

    def test_sbatch_refusing_a_trial_fails_it_with_slurms_message(self):
        self.write("trial.py", EXECUTOR_TRIAL % {"ignore_sigterm": False})
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
