"""What the SLURM and Grid Engine tests share: their studies and trial, and
the cases of worker jobs and of trials as jobs, which each scheduler's test
class runs with its own commands and its own cluster."""

import re
import time

from harness import wait_for

WORKERS_STUDY = """
name: workers
command: "sleep %s; summit report --iteration 0 --objective :x:"
objective: {goal: minimize}
algorithm: {name: random, max_trials: %d}
retries: 2
parameters:
  x: {type: continuous, range: [0, 1]}
"""

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
# and does not stop by itself (with ignore_sigterm, not even on SIGTERM), so
# its job must be cancelled.
EXECUTOR_TRIAL = """
import os, signal, sys, time, summit
client = summit.Client()
trial = client.get_trial()
x = trial.parameters["x"]
if x == 0.1 and not os.path.exists("failed-once"):
    open("failed-once", "w").close()
    sys.exit(3)
if x > 0.5 and %(ignore_sigterm)s:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
for i in range(8 if x < 0.5 else 1000):
    client.send_metrics(trial, iteration=i, objective=x)
    time.sleep(0.2 if x < 0.5 else 0.5)
"""


class WorkerJobCases:
    """`summit SCHEDULER workers | status | cancel`. The class sets
    `scheduler` ("slurm", "sge"), `job_word` (what the submission prints
    before the id), `two_workers` (the arguments for two workers of one
    slot in one job) and `first_task` (the task number of a job's first
    worker)."""

    def workers(self, *args):
        proc = self.summit(self.scheduler, "workers", "--join", self.cluster.address, "--dir",
                           self.path(self.scheduler), *args, check=True, timeout=60)
        return re.search(r"%s (\d+)" % self.job_word, proc.stdout).group(1)

    def status(self):
        return self.summit(self.scheduler, "status", "--dir", self.path(self.scheduler), check=True,
                           timeout=60).stdout

    def test_two_workers_in_one_job_run_a_study_and_leave_when_idle(self):
        study = self.cluster.submit(self.write("study.yaml", WORKERS_STUDY % ("0.2", 8)))
        started = time.monotonic()
        job = self.workers(*self.two_workers, "--idle-exit", "3")
        self.assertTrue(wait_for(lambda: self.cluster.show(study)["counts"]["RUNNING"] > 0, timeout=60))
        first_trial = time.monotonic() - started
        final = self.cluster.wait_state(study, "FINISHED", timeout=120)
        self.assertEqual(final["counts"]["COMPLETED"], 8)
        names = {t["worker"] for t in final["trials"]}
        tasks = "[%d%d]" % (self.first_task, self.first_task + 1)
        self.assertTrue(names and all(re.search(r"-job%s\.%s$" % (job, tasks), n) for n in names), names)
        self.assertIn(job, self.status())
        # Idle for 3 s, the workers leave and give their slots back.
        self.assertTrue(wait_for(lambda: re.search(r"^%s\s+ENDED" % job, self.status(), re.M), timeout=60),
                        self.status())
        print("\nsummit %s workers -> first trial running: %.2f s" % (self.scheduler, first_trial))

    def test_a_cancelled_worker_job_has_its_trials_retried_elsewhere(self):
        study = self.cluster.submit(self.write("study.yaml", WORKERS_STUDY % ("2", 6)))
        jobs = [self.workers("--slots", "1"), self.workers("--slots", "1")]
        self.assertTrue(wait_for(lambda: len({t["worker"] for t in self.cluster.show(study)["trials"]
                                              if t["status"] == "RUNNING"}) == 2, timeout=60))
        self.summit(self.scheduler, "cancel", jobs[0], "--dir", self.path(self.scheduler), check=True, timeout=60)
        final = self.cluster.wait_state(study, "FINISHED", timeout=120)
        self.assertEqual(final["counts"]["COMPLETED"], 6, final)
        # The cancel's SIGTERM reaches the trials too ("killed by signal 15"),
        # or the worker is lost first: either way FAILED on the cancelled
        # job, and retried until it completed on the other one.
        failed = [t for t in final["trials"] if t["status"] == "FAILED"]
        self.assertTrue(failed, final["trials"])
        for t in failed:
            self.assertTrue(t["worker"].endswith("-job%s.%d" % (jobs[0], self.first_task)), t)
            self.assertTrue(re.search(r"signal|lost", t["reason"]), t)
        retried = {t["retry_of"] for t in final["trials"] if t.get("origin") == "retry"}
        self.assertEqual(retried, {t["id"] for t in failed})


class TrialJobCases:
    """`summit worker --executor EXECUTOR`. The class sets `executor`
    ("slurm", "sge") and `ignore_sigterm` (whether the stopped trial may
    ignore SIGTERM: the scheduler escalates soon enough)."""

    def executor_worker(self, *extra, slots=2):
        self.cluster.start_worker("w", slots=slots, extra=["--executor", self.executor, "--trial-host", "127.0.0.1"] +
                                  list(extra))

    def log_of(self, study, trial):
        with open(self.path("logs-w", "study-%d" % study, "trial-%d.log" % trial)) as f:
            return f.read()

    def test_trials_as_jobs_complete_fail_and_are_stopped(self):
        self.write("trial.py", EXECUTOR_TRIAL % {"ignore_sigterm": self.ignore_sigterm})
        self.executor_worker()
        study = self.cluster.submit(self.write("study.yaml", EXECUTOR_STUDY))
        final = self.cluster.wait_state(study, "FINISHED", timeout=180)
        by_x = {}
        for t in final["trials"]:
            by_x.setdefault(t["parameters"]["x"], []).append(t)
        self.assertEqual([t["status"] for t in by_x[0.1]], ["FAILED", "COMPLETED"], by_x[0.1])
        self.assertIn("exit code 3", by_x[0.1][0]["reason"])
        self.assertEqual([t["status"] for t in by_x[0.2]], ["COMPLETED"])
        self.assertEqual([t["status"] for t in by_x[0.9]], ["STOPPED"], by_x[0.9])
        self.assertIn("the trial is stopped: its ", self.log_of(study, by_x[0.9][0]["id"]))
        return study, by_x
