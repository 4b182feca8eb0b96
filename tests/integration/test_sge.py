"""Worker nodes and trials as Grid Engine jobs (issue 17), on a real one-node
cluster that the test starts itself (tests/sge/cluster.sh, from ../shared/cluster/: Debian's
gridengine installed if missing, sge_qmaster and sge_execd without systemd)
and stops by the PIDs it started. Needs root; skipped with the reason
otherwise."""

import os
import shutil
import subprocess
import time
import unittest

from batch_cases import EXECUTOR_STUDY, EXECUTOR_TRIAL, TrialJobCases, WorkerJobCases
from cluster import Cluster
from harness import SOURCE_DIR, SUMMIT, SummitTest, wait_for

CLUSTER = os.path.join(SOURCE_DIR, "tests", "sge", "cluster.sh")
STATE = "/tmp/summit-sge-test"
SETTINGS = {"SGE_ROOT": STATE, "SGE_CELL": "default", "SGE_QMASTER_PORT": "6444", "SGE_EXECD_PORT": "6445"}


def why_not():
    if os.geteuid() != 0:
        return "starting sge_qmaster and sge_execd needs root"
    if not shutil.which("qsub") and not shutil.which("apt-get"):
        return "gridengine is not installed and cannot be (no apt-get)"
    return None


WHY_NOT = why_not()


def setUpModule():
    if WHY_NOT:
        return
    env = dict(os.environ, SGE_CI_DIR=STATE, SGE_SLOTS="4")
    started = subprocess.run([CLUSTER, "restart"], env=env, capture_output=True, text=True, timeout=300)
    if started.returncode != 0:
        raise RuntimeError("the Grid Engine cluster did not start:\n" + started.stdout + started.stderr)
    os.environ.update(SETTINGS)


def tearDownModule():
    if WHY_NOT:
        return
    subprocess.run([CLUSTER, "stop"], env=dict(os.environ, SGE_CI_DIR=STATE, FAST_STOP="1"),
                   capture_output=True, timeout=120)
    for name in SETTINGS:
        os.environ.pop(name, None)


class SgeTest(SummitTest):
    """The module's one-node cluster, a coordinator for each test."""

    def setUp(self):
        super().setUp()
        self.cluster = Cluster(self)
        self.cluster.start_coordinator()

    def tearDown(self):
        self.cluster.stop()
        # The next test needs the node's slots.
        subprocess.run(["qdel", "-u", "*"], capture_output=True)
        wait_for(lambda: not subprocess.run(["qstat", "-u", "*"], capture_output=True, text=True).stdout.strip(),
                 timeout=30)
        super().tearDown()


@unittest.skipIf(WHY_NOT, "Grid Engine tests skipped: %s" % WHY_NOT)
class SgeWorkers(WorkerJobCases, SgeTest):
    scheduler, job_word, two_workers, first_task = "sge", "Grid Engine job", ("--jobs", "2", "--slots", "1"), 1

    def test_a_queue_that_does_not_exist_is_refused_with_grid_engines_words(self):
        proc = self.summit("sge", "workers", "--join", self.cluster.address, "--dir", self.path("sge"),
                           "--queue", "nosuch.q", check=False, timeout=60)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)
        self.assertIn("qsub refused the workers' job", proc.stderr)
        self.assertIn('unknown queue "nosuch.q"', proc.stderr)


@unittest.skipIf(WHY_NOT, "Grid Engine tests skipped: %s" % WHY_NOT)
class SgeTrials(TrialJobCases, SgeTest):
    executor, ignore_sigterm = "sge", True

    def worker(self, *qsub_args, slots=2):
        self.executor_worker(*["--qsub-arg=" + a for a in qsub_args], slots=slots)

    def test_trials_as_jobs_complete_fail_and_are_stopped(self):
        study, by_x = super().test_trials_as_jobs_complete_fail_and_are_stopped()
        self.assertIn("submitted to Grid Engine", self.log_of(study, by_x[0.9][0]["id"]))
        # The job script is its owner's only: it holds the trial's token.
        script = self.path("logs-w", "study-%d" % study, "trial-%d.log.qsub" % by_x[0.2][0]["id"])
        self.assertEqual(os.stat(script).st_mode & 0o777, 0o600)

    def test_a_time_limit_fails_the_trial_with_grid_engines_reason(self):
        self.worker("-l", "h_rt=0:0:2", slots=1)
        study = self.cluster.submit(self.write("study.yaml", """
            name: limit
            command: "sleep 10; summit report --iteration 0 --objective :x:"
            objective: {goal: minimize}
            algorithm: {name: iterate, points: [{x: 0.5}]}
            parameters:
              x: {type: continuous, range: [0, 1]}
            """))
        final = self.cluster.wait_state(study, "FINISHED", timeout=120)
        [trial] = final["trials"]
        self.assertEqual(trial["status"], "FAILED")
        self.assertIn("h_rt", trial["reason"])
        self.assertIn("h_rt", self.log_of(study, trial["id"]))

    def test_a_job_that_cannot_start_is_deleted_and_its_trial_failed_with_the_reason(self):
        # An output file Grid Engine cannot open (a later -o wins): the job
        # would wait in Eqw for ever.
        self.worker("-o", "/nonexistent/dir/out.log", slots=1)
        self.write("trial.py", EXECUTOR_TRIAL % {"ignore_sigterm": False})
        study = self.cluster.submit(self.write("study.yaml", EXECUTOR_STUDY.replace("retries: 1", "retries: 0")))
        final = self.cluster.wait_state(study, "FINISHED", timeout=120)
        self.assertEqual(final["counts"]["FAILED"], 4, final)
        for t in final["trials"]:
            self.assertIn("Grid Engine could not start the job", t["reason"])
            self.assertIn("/nonexistent/dir/out.log", t["reason"])
        self.assertFalse(subprocess.run(["qstat", "-u", "*"], capture_output=True, text=True).stdout.strip())

    def test_qsub_refusing_a_trial_fails_it_with_grid_engines_words(self):
        self.worker("-q", "nosuch.q", slots=1)
        self.write("trial.py", EXECUTOR_TRIAL % {"ignore_sigterm": False})
        study = self.cluster.submit(self.write("study.yaml", EXECUTOR_STUDY.replace("retries: 1", "retries: 0")))
        final = self.cluster.wait_state(study, "FINISHED", timeout=120)
        self.assertEqual(final["counts"]["FAILED"], 4)
        for t in final["trials"]:
            self.assertIn("Grid Engine refused the trial", t["reason"])
            self.assertIn('unknown queue "nosuch.q"', t["reason"])
        self.assertIn('unknown queue "nosuch.q"', self.log_of(study, 1))

    def test_overhead_over_the_local_executor(self):
        """Figures for the closing note: ten short trials, one slot."""
        ten = """
            name: ten
            command: "summit report --iteration 0 --objective :x:"
            objective: {goal: minimize}
            algorithm: {name: random, max_trials: 10}
            parameters:
              x: {type: continuous, range: [0, 1]}
            """
        self.worker(slots=1)
        started = time.monotonic()
        study = self.cluster.submit(self.write("sge.yaml", ten))
        self.assertEqual(self.cluster.wait_state(study, "FINISHED", timeout=120)["counts"]["COMPLETED"], 10)
        on_sge = time.monotonic() - started
        started = time.monotonic()
        self.summit("run", self.write("local.yaml", ten), "--data", self.path("local-data"), "--workers", "1",
                    check=True)
        on_local = time.monotonic() - started
        print("\n10 trials, one slot: Grid Engine %.1f s, local %.1f s: %.2f s more a trial"
              % (on_sge, on_local, (on_sge - on_local) / 10))


class WithoutSge(SummitTest):
    def test_sge_commands_without_grid_engine_are_a_clear_error(self):
        env = dict(os.environ, PATH="/nonexistent")
        proc = subprocess.run([SUMMIT, "sge", "status"], env=env, capture_output=True, text=True, timeout=30,
                              cwd=self.dir)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("Grid Engine is not installed here (qstat is not on PATH)", proc.stderr)

    def test_grid_engine_missing_is_a_clear_error(self):
        env = dict(os.environ, PATH="/nonexistent")
        proc = subprocess.run([SUMMIT, "worker", "--join", "tcp://127.0.0.1:1", "--executor", "sge"], env=env,
                              capture_output=True, text=True, timeout=30, cwd=self.dir)
        self.assertEqual(proc.returncode, 1)
        self.assertTrue(proc.stderr.strip().endswith(
            "summit worker: --executor sge, but Grid Engine is not installed here (qsub is not on PATH)"), proc.stderr)


if __name__ == "__main__":
    unittest.main()
