"""Bad input gets a clear one-line error, a non-zero exit, and changes nothing."""

import os
import unittest

from harness import SummitTest

GOOD = """
name: ok
command: summit report --iteration 0 --objective :x:
objective: {goal: minimize}
algorithm: {name: random, max_trials: 1}
parameters:
  x: {type: continuous, range: [0, 1]}
"""


class BadInput(SummitTest):
    def refused(self, *args, contains):
        proc = self.summit(*args, check=False)
        message = proc.stderr.strip()
        self.assertEqual(len(message.splitlines()), 1, message)
        self.assertIn(contains, message)
        return proc

    def test_a_bad_study_file_names_the_file_the_key_and_the_reason(self):
        cases = [
            (GOOD.replace("[0, 1]", "[1, 0]"), "study.yaml:6: parameters.x.range: min 1 is greater than max 0"),
            (GOOD.replace("max_trials: 1", "max_trials: 1, foo: 2"), "study.yaml:4: algorithm.foo: unknown key"),
            (GOOD.replace("--objective :x:", "--objective :y:"), "study.yaml:2: command: placeholder :y: names no parameter"),
            (GOOD.replace("random", "annealing"), "algorithm.name: unknown algorithm 'annealing'"),
            (GOOD + "  x: {type: choice, values: [a]}\n", "parameters.x: duplicate key"),
            (GOOD.replace("[0, 1]", "[0, 1], scale: log"), "parameters.x.range: log scale needs a positive range"),
            ("name: [", "not valid YAML"),
        ]
        for text, expected in cases:
            with self.subTest(expected=expected):
                study = self.write("study.yaml", text)
                proc = self.refused("run", study, "--data", self.data, contains=expected)
                self.assertEqual(proc.returncode, 2)
                self.assertFalse(os.path.exists(self.data), "a refused study must change nothing")

    def test_a_missing_study_file_is_named(self):
        self.refused("run", self.path("nope.yaml"), "--data", self.data, contains="nope.yaml: cannot read the study file")

    def test_an_unknown_flag_or_command_is_refused(self):
        self.assertEqual(self.refused("run", "x.yaml", "--wrokers", "2", contains="--wrokers").returncode, 2)
        self.assertEqual(self.refused("frobnicate", contains="frobnicate").returncode, 2)
        self.refused("run", "x.yaml", "--workers", "0", contains="--workers")

    def test_a_different_study_of_the_same_name_is_not_resumed(self):
        self.run_study(self.write("study.yaml", GOOD))
        changed = self.write("study.yaml", GOOD.replace("[0, 1]", "[0, 2]"))
        self.refused("run", changed, "--data", self.data, contains="was started from a different study file")

    def test_read_commands_name_what_is_missing(self):
        self.refused("study", "list", "--data", self.path("empty"), contains="no Summit data here")
        self.run_study(self.write("study.yaml", GOOD))
        self.refused("study", "show", "7", "--data", self.data, contains="no study 7 in")
        self.refused("study", "export", "1", "--data", self.data, "--format", "xml", contains="--format")

    def test_report_outside_a_trial_is_refused(self):
        proc = self.refused("report", "--iteration", "1", "--objective", "0.5", contains="not inside a Summit trial")
        self.assertEqual(proc.returncode, 2)
        self.refused("report", "--iteration", "1", "--context", "acc", contains="--context takes name=value")
        self.refused("report", "--iteration", "-1", "--objective", "1", contains="--iteration must be 0 or more")

    def test_report_to_a_worker_that_does_not_answer_times_out(self):
        env = dict(os.environ, SUMMIT_ENDPOINT="tcp://127.0.0.1:9", SUMMIT_TRIAL_ID="1", SUMMIT_TIMEOUT="0.5")
        import subprocess
        from harness import SUMMIT
        proc = subprocess.run([SUMMIT, "report", "--iteration", "1", "--objective", "1"], env=env,
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("no answer from the Summit worker", proc.stderr)


if __name__ == "__main__":
    unittest.main()
