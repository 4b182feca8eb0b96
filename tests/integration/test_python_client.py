"""The Python client inside real trials, and outside of one."""

import json
import os
import sys
import unittest

from harness import SOURCE_DIR, SummitTest

sys.path.insert(0, os.path.join(SOURCE_DIR, "clients", "python"))
import summit  # noqa: E402


class PythonClient(SummitTest):
    def test_a_trial_gets_its_parameters_environment_and_stop_flag(self):
        self.write("trial.py", """
            import json, os, summit
            client = summit.Client()
            trial = client.get_trial()
            env = {k: v for k, v in os.environ.items() if k.startswith("SUMMIT_")}
            stops = [client.send_metrics(trial, iteration=i, objective=trial.parameters["lr"] * i,
                                         context={"acc": 0.5}) for i in range(3)]
            # The objective may come from the context under the study's metric.
            stops.append(client.send_metrics(trial, iteration=3, context={"loss": 0.125}))
            with open("seen-%d.json" % trial.id, "w") as f:
                json.dump({"params": trial.parameters, "study": trial.study_id, "env": env, "stops": stops}, f)
            """)
        study = self.write("study.yaml", """
            name: py
            command: /usr/bin/python3 trial.py --lr :lr:
            objective: {metric: loss, goal: minimize}
            algorithm: {name: iterate, points: [{lr: 0.5, units: 32, act: tanh, bn: true}]}
            parameters:
              lr: {type: continuous, range: [0.1, 1]}
              units: {type: discrete, range: [8, 64]}
              act: {type: choice, values: [relu, tanh]}
              bn: {type: choice, values: [true, false]}
            """)
        self.run_study(study, "--workers", "1")
        with open(self.path("seen-1.json")) as f:
            seen = json.load(f)
        self.assertEqual(seen["params"], {"lr": 0.5, "units": 32, "act": "tanh", "bn": True})
        self.assertEqual(seen["study"], 1)
        self.assertEqual(seen["stops"], [False] * 4)
        env = seen["env"]
        self.assertEqual(env["SUMMIT_TRIAL_ID"], "1")
        self.assertEqual(env["SUMMIT_STUDY_ID"], "1")
        self.assertRegex(env["SUMMIT_ENDPOINT"], r"^ipc://@summit-trials-[0-9a-f]{16}$")
        self.assertEqual(env["SUMMIT_RESOURCE"], "")
        self.assertEqual(json.loads(env["SUMMIT_PARAMS"]), seen["params"])
        self.assertEqual(env["SUMMIT_PARAM_units"], "32")
        self.assertEqual(env["SUMMIT_PARAM_bn"], "true")
        rows = self.export()
        self.assertEqual([r["Objective"] for r in rows if r["Status"] == "INTERMEDIATE"], [0.0, 0.5, 1.0, 0.125])
        self.assertEqual(rows[-1]["Status"], "COMPLETED")
        self.assertEqual(rows[-1]["Objective"], 0.0)

    def test_a_refused_observation_raises_with_the_reason(self):
        self.write("trial.py", """
            import summit
            client = summit.Client()
            trial = client.get_trial()
            try:
                client.send_metrics(trial, iteration=1, context={"acc": 1.0})
            except summit.SummitError as e:
                open("error.txt", "w").write("%d %s" % (e.code, e))
            """)
        study = self.write("study.yaml", """
            name: py-error
            command: /usr/bin/python3 trial.py
            objective: {metric: loss, goal: minimize}
            algorithm: {name: random, max_trials: 1}
            parameters: {lr: {type: continuous, range: [0.1, 1]}}
            """)
        self.summit("run", study, "--data", self.data)
        with open(self.path("error.txt")) as f:
            self.assertEqual(f.read(), "9 observation has no objective and no 'loss' in its context")

    def test_context_names_past_the_study_cap_are_refused_and_the_earlier_ones_kept(self):
        # 1,000 new names per observation (the hostile-testing case that took
        # `summit run` to 550 MB): the second observation would pass the cap.
        self.write("trial.py", """
            import summit
            client = summit.Client()
            trial = client.get_trial()
            client.send_metrics(trial, iteration=1, objective=0.5, context={"a%d" % i: i for i in range(1000)})
            try:
                client.send_metrics(trial, iteration=2, objective=0.4, context={"b%d" % i: i for i in range(1000)})
            except summit.SummitError as e:
                open("error.txt", "w").write("%d %s" % (e.code, e))
            client.send_metrics(trial, iteration=3, objective=0.3, context={"a7": 7.0})
            """)
        study = self.write("study.yaml", """
            name: many-names
            command: /usr/bin/python3 trial.py
            objective: {metric: loss, goal: minimize}
            algorithm: {name: random, max_trials: 1}
            parameters: {lr: {type: continuous, range: [0.1, 1]}}
            """)
        self.run_study(study)
        with open(self.path("error.txt")) as f:
            self.assertEqual(f.read(), "13 study 1 keeps at most 1000 context metric names (max_context_names) "
                                       "and has 1000; this observation adds 1000 more ('b0' first)")
        rows = self.export()
        self.assertEqual([r["Iteration"] for r in rows if r["Status"] == "INTERMEDIATE"], [1, 3])
        self.assertEqual(len(rows[0]), 4 + 1 + 1000)  # Trial-ID ... Objective, lr, its own 1,000
        self.assertEqual(rows[1], {"Trial-ID": 1, "Status": "INTERMEDIATE", "Iteration": 3, "Objective": 0.3,
                                   "lr": rows[0]["lr"], "a7": 7.0})

    def test_outside_a_trial_the_client_says_so(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMIT_")}
        saved = dict(os.environ)
        try:
            os.environ.clear()
            os.environ.update(env)
            with self.assertRaises(summit.NotInTrial) as raised:
                summit.Client()
            self.assertIn("SUMMIT_ENDPOINT is not set", str(raised.exception))
        finally:
            os.environ.clear()
            os.environ.update(saved)

    def test_a_worker_that_does_not_answer_raises_unavailable(self):
        client = summit.Client(endpoint="tcp://127.0.0.1:9", trial_id=1, timeout=0.3)
        with self.assertRaises(summit.SummitUnavailable):
            client.get_trial()

    def test_infinite_values_are_refused_before_sending(self):
        client = summit.Client(endpoint="tcp://127.0.0.1:9", trial_id=1, timeout=0.3)
        with self.assertRaises(summit.SummitError):
            client.send_metrics(1, iteration=1, objective=float("inf"))
        with self.assertRaises(summit.SummitError):
            client.send_metrics(1, iteration=1, context={"acc": float("-inf")})


if __name__ == "__main__":
    unittest.main()
