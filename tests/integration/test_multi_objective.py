"""Several objectives, constraints and conditional parameters end to end
(issue 18): the example through `summit run`, nsga2 through a coordinator
with two workers, a conditional grid, and what an inactive parameter looks
like from inside a trial."""

import json
import os
import shutil
import unittest

from cluster import Cluster
from harness import SOURCE_DIR, SummitTest

# Records what the trial got, then reports its two objectives and memory.
RECORDING_TRIAL = """
import json, os, subprocess, sys
summit = os.environ["SUMMIT_BIN"]
params = json.loads(os.environ["SUMMIT_PARAMS"])
with open("seen-%s.json" % os.environ["SUMMIT_TRIAL_ID"], "w") as f:
    json.dump({"argv": sys.argv[1:], "params": params,
               "env": sorted(k for k in os.environ if k.startswith("SUMMIT_PARAM_"))}, f)
x, y = params["x"], params.get("momentum", 0.5)
f1, f2 = x * x + y, (x - 2) ** 2 + (1 - y)
context = ["--context", "f2=%r" % f2, "--context", "mem=%r" % (x * 10)]
if params["optimizer"] == "broken":
    context = []  # reports no second objective: infeasible, never on the front
subprocess.run([summit, "report", "--iteration", "1", "--objective", repr(f1)] + context, check=True,
               stdout=subprocess.DEVNULL)
"""

STUDY = """
name: %s
command: /usr/bin/python3 trial.py :optimizer: :momentum: :x:
objectives:
  - {metric: f1, goal: minimize}
  - {metric: f2, goal: minimize}
constraints:
  - {metric: mem, max: 15}
algorithm: {name: %s, max_trials: %d, seed: 2}
parameters:
  optimizer: {type: choice, values: [sgd, adam, broken]}
  momentum: {type: continuous, range: [0.1, 0.9], when: {optimizer: sgd}}
  x: {type: continuous, range: [0, 2]}
"""


def dominates(a, b):
    return all(p <= q for p, q in zip(a, b)) and any(p < q for p, q in zip(a, b))


class MultiObjective(SummitTest):
    def setUp(self):
        super().setUp()
        self.write("trial.py", RECORDING_TRIAL)
        os.environ.setdefault("SUMMIT_BIN", "summit")

    def check_front(self, shown, best):
        """The front is exactly the feasible completed trials no other dominates."""
        completed = [t for t in shown["trials"] if t["status"] == "COMPLETED"]
        feasible = [t for t in completed if t["feasible"] and None not in t["objectives"]]
        expected = {t["id"] for t in feasible
                    if not any(dominates(o["objectives"], t["objectives"]) for o in feasible)}
        self.assertEqual({t["id"] for t in best["front"]}, expected)
        firsts = [t["objectives"][0] for t in best["front"]]
        self.assertEqual(firsts, sorted(firsts))
        self.assertEqual(best["id"], best["front"][0]["id"])
        self.assertEqual(shown["front"], len(expected))
        for t in completed:
            if t["parameters"]["optimizer"] == "broken":
                self.assertEqual((t["objectives"][1], t["feasible"]), (None, False))

    def check_conditions(self, shown):
        for t in shown["trials"]:
            with open(self.path("seen-%d.json" % t["id"])) as f:
                seen = json.load(f)
            sgd = seen["params"]["optimizer"] == "sgd"
            self.assertEqual("momentum" in seen["params"], sgd)
            self.assertEqual("SUMMIT_PARAM_momentum" in seen["env"], sgd)
            self.assertEqual(len(seen["argv"]), 3)
            self.assertEqual(seen["argv"][1] != "", sgd)  # an empty word in its place
            self.assertEqual("momentum" in t["parameters"], sgd)

    def test_summit_run_finds_the_front_and_keeps_inactive_parameters_out(self):
        for algorithm in ("nsga2", "bayesian"):
            with self.subTest(algorithm):
                shutil.rmtree(self.data, ignore_errors=True)
                self.run_locally(algorithm)

    def run_locally(self, algorithm):
        self.write("s.yaml", STUDY % ("local", algorithm, 40))
        out = self.run_study(self.path("s.yaml"), "--workers", "4").stdout
        self.assertIn("FINISHED: 40 trials (40 completed, 0 stopped, 0 failed)", out)
        self.assertRegex(out, r"Pareto front: \d+ trials; best f1 ")
        shown = self.show()
        self.assertEqual(shown["objectives"], [{"metric": "f1", "goal": "minimize"}, {"metric": "f2", "goal": "minimize"}])
        best = json.loads(self.summit("study", "best", 1, "--data", self.data, "--json", check=True).stdout)
        self.check_front(shown, best)
        self.check_conditions(shown)
        text = self.summit("study", "best", 1, "--data", self.data, check=True).stdout
        self.assertTrue(text.startswith("Pareto front: %d trial" % len(best["front"])))
        self.assertIn("TRIAL  f1", text)
        listed = self.summit("study", "show", 1, "--data", self.data, check=True).stdout
        self.assertIn("minimize f1, minimize f2", listed)
        self.assertIn("FEASIBLE", listed)
        self.assertIn("no (missing)", listed)
        header = self.export(fmt="csv")[0].keys()
        self.assertEqual(list(header)[:7], ["Trial-ID", "Status", "Iteration", "Objective", "optimizer", "momentum", "x"])

    def test_nsga2_and_bayesian_through_a_coordinator_and_two_workers(self):
        cluster = Cluster(self)
        try:
            cluster.start_coordinator()
            cluster.start_worker("w1")
            cluster.start_worker("w2")
            for algorithm in ("nsga2", "bayesian"):
                study = cluster.submit(self.write(algorithm + ".yaml", STUDY % (algorithm, algorithm, 24)))
                shown = cluster.wait_state(study, "FINISHED")
                self.assertEqual(shown["counts"]["COMPLETED"], 24)
                self.assertEqual({t["worker"] for t in shown["trials"]}, {"w1", "w2"})
                best = json.loads(cluster.study("best", study, "--json").stdout)
                self.check_front(shown, best)
                self.check_conditions(shown)
        finally:
            cluster.stop()

    def test_a_conditional_grid_runs_each_distinct_point_once(self):
        self.write("g.yaml", """
            name: grid
            command: /usr/bin/python3 trial.py :optimizer: :momentum: :x:
            objectives:
              - {metric: f1, goal: minimize}
              - {metric: f2, goal: minimize}
            algorithm: {name: grid, num_grid_points: 3}
            parameters:
              optimizer: {type: choice, values: [sgd, adam, broken]}
              momentum: {type: continuous, range: [0.1, 0.9], when: {optimizer: sgd}}
              x: {type: continuous, range: [0, 2]}
            """)
        out = self.run_study(self.path("g.yaml"), "--workers", "4").stdout
        # sgd: 3 momentum x 3 x; adam and broken: 3 x each.
        self.assertIn("FINISHED: 15 trials (15 completed", out)
        shown = self.show()
        points = [json.dumps(t["parameters"], sort_keys=True) for t in shown["trials"]]
        self.assertEqual(len(set(points)), 15)
        self.check_conditions(shown)

    def test_the_tradeoff_example_runs_to_its_front(self):
        shutil.copytree(os.path.join(SOURCE_DIR, "examples", "tradeoff"), self.path("tradeoff"))
        out = self.run_study(self.path("tradeoff", "study.yaml")).stdout
        self.assertIn("FINISHED: 60 trials (60 completed, 0 stopped, 0 failed)", out)
        best = json.loads(self.summit("study", "best", 1, "--data", self.data, "--json", check=True).stdout)
        self.assertGreaterEqual(len(best["front"]), 3)
        for t in best["front"]:
            self.assertTrue(t["feasible"])
            self.assertEqual("momentum" in t["parameters"], t["parameters"]["optimizer"] == "sgd")
            self.assertEqual("beta1" in t["parameters"], t["parameters"]["optimizer"] == "adam")

    def test_summit_run_says_when_no_trial_was_feasible(self):
        self.write("n.yaml", """
            name: none
            command: %s report --iteration 1 --objective 1 --context mem=20
            objective: {goal: minimize}
            constraints:
              - {metric: mem, max: 16}
            algorithm: {name: random, max_trials: 3}
            parameters: {x: {type: continuous, range: [0, 1]}}
            """ % os.environ["SUMMIT_BIN"])
        proc = self.summit("run", "n.yaml", "--data", self.data, check=False)
        self.assertIn("FINISHED: 3 trials (3 completed", proc.stdout)
        self.assertIn("no completed trial was feasible", proc.stderr)
        shown = self.summit("study", "show", 1, "--data", self.data, check=True).stdout
        self.assertEqual(shown.count("no (4)"), 3)

    def test_study_files_that_cannot_be_weighed_are_refused_in_one_line(self):
        for algorithm, message in (
                ("{name: asha}", "s.yaml:4: objectives: asha ranks trials by one objective"),
                ("{name: nsga2, population_size: 1}", "s.yaml:8: algorithm.population_size: must be between 2"),
                ("{name: bayesian, acquisition: lcb}", "s.yaml:8: algorithm.acquisition: lcb can be negative")):
            self.write("s.yaml", (STUDY % ("bad", "nsga2", 10)).replace(
                "{name: nsga2, max_trials: 10, seed: 2}", algorithm))
            proc = self.summit("run", "s.yaml", "--data", self.data, check=False)
            self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)
            self.assertIn(message, proc.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.data, "results")))


if __name__ == "__main__":
    unittest.main()
