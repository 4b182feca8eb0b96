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
            (GOOD.replace("random, max_trials: 1", "external"), "algorithm.name: external needs a process that"),
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
        self.refused("study", "importance", "1", "--data", self.data, "--quantile", "0", contains="--quantile")
        self.refused("study", "export", "1", "--data", self.data, "--format", "xml", contains="--format")
        # An export that cannot be written leaves nothing behind, not half a file.
        self.refused("study", "export", "7", "--data", self.data, "-o", self.path("out.csv"), contains="no study 7 in")
        self.refused("study", "export", "1", "--data", self.data, "-o", self.path("none", "out.csv"),
                     contains="cannot write")
        self.assertEqual([n for n in os.listdir(self.path()) if n.startswith("out.csv")], [])

    def test_report_outside_a_trial_is_refused(self):
        proc = self.refused("report", "--iteration", "1", "--objective", "0.5", contains="not inside a Summit trial")
        self.assertEqual(proc.returncode, 2)
        self.refused("report", "--iteration", "1", "--context", "acc", contains="--context takes name=value")
        self.refused("report", "--iteration", "-1", "--objective", "1", contains="--iteration must be between 0 and 9007199254740991, got -1")

    def test_report_to_a_worker_that_does_not_answer_times_out(self):
        env = dict(os.environ, SUMMIT_ENDPOINT="tcp://127.0.0.1:9", SUMMIT_TRIAL_ID="1", SUMMIT_TIMEOUT="0.5")
        import subprocess
        from harness import SUMMIT
        proc = subprocess.run([SUMMIT, "report", "--iteration", "1", "--objective", "1"], env=env,
                              capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("no answer from the Summit worker", proc.stderr)

    def test_hostile_frames_on_the_trial_socket_get_errors_and_change_nothing(self):
        self.write("trial.py", """
            import os, msgpack, zmq, summit
            endpoint = os.environ["SUMMIT_ENDPOINT"]
            trial_id = int(os.environ["SUMMIT_TRIAL_ID"])
            frames = [
                b"", b"\\xc1", b"\\xc1not-msgpack-at-all", msgpack.packb([1, 3]),
                msgpack.packb([2, 3, {"trial": trial_id, "iteration": 1, "objective": 1.0}]),
                msgpack.packb([1, 99, {}]),
                msgpack.packb([1, 3, {"trial": trial_id, "iteration": -1, "objective": 1.0}]),
                msgpack.packb([1, 3, {"trial": trial_id, "iteration": 1, "objective": float("inf")}]),
                msgpack.packb([1, 3, {"trial": trial_id + 1000, "iteration": 1, "objective": 1.0}]),
                msgpack.packb([1, 4, {"trial": trial_id, "iteration": 1, "stop": True}]),
                msgpack.packb([1, 3, {"trial": trial_id, "iteration": 1, "context": {str(i): 1.0 for i in range(5000)}}]),
            ]
            codes = []
            ctx = zmq.Context.instance()
            for frame in frames:
                s = ctx.socket(zmq.REQ)
                s.setsockopt(zmq.LINGER, 0)
                s.connect(endpoint)
                s.send(frame)
                if s.poll(5000):
                    reply = msgpack.unpackb(s.recv(), raw=False)
                    codes.append(reply[2]["code"] if reply[1] == 5 else "ack")
                else:
                    codes.append("none")
                s.close()
            client = summit.Client()
            trial = client.get_trial()
            client.send_metrics(trial, iteration=1, objective=0.5)
            open("codes.txt", "w").write(" ".join(str(c) for c in codes))
            """)
        study = self.write("study.yaml", """
            name: hostile
            command: /usr/bin/python3 trial.py
            objective: {goal: minimize}
            algorithm: {name: random, max_trials: 1}
            parameters: {x: {type: continuous, range: [0, 1]}}
            """)
        self.run_study(study)
        with open(self.path("codes.txt")) as f:
            codes = f.read().split()
        # malformed x4, unsupported version, unknown kind, invalid x2, unknown trial, an ack is
        # not a request, too large: every one answered, none stored.
        self.assertEqual(codes, ["1", "1", "1", "1", "2", "3", "5", "5", "6", "3", "4"])
        rows = self.export()
        self.assertEqual([(r["Iteration"], r["Objective"]) for r in rows if r["Status"] == "INTERMEDIATE"], [(1, 0.5)])

    def test_help_is_available_on_every_command(self):
        for args in (["--help"], ["run", "--help"], ["study", "export", "--help"], ["report", "--help"]):
            proc = self.summit(*args, check=True)
            self.assertIn("Usage", proc.stdout)


if __name__ == "__main__":
    unittest.main()
