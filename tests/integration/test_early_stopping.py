"""Early stopping through the stopping-rule actor, and multi-fidelity
algorithms that hand checkpoints from trial to trial."""

import os
import unittest

from harness import SummitTest, pid_alive


class MedianRule(SummitTest):
    def test_a_clearly_bad_trial_and_a_diverged_one_are_stopped_while_good_ones_complete(self):
        # x is the trial's loss at every iteration; "nan" reports NaN.
        self.write("trial.sh", """
            echo $$ > pid-$1
            i=1
            while [ $i -le 15 ]; do
              answer=$(summit report --iteration $i --objective "$1")
              if [ "$answer" = stop ]; then exit 0; fi
              i=$((i + 1))
              sleep 0.05
            done
            """)
        study = self.write("study.yaml", """
            name: median
            command: sh trial.sh :x:
            objective: {goal: minimize}
            algorithm: {name: iterate, points: [{x: "1"}, {x: "2"}, {x: "100"}, {x: "nan"}]}
            stopping: {rule: median, min_iterations: 3, min_trials: 2}
            max_concurrent: 4
            parameters: {x: {type: choice, values: ["1", "2", "100", "nan"]}}
            """)
        out = self.run_study(study, "--workers", "4").stdout
        self.assertIn("(2 completed, 2 stopped, 0 failed)", out)
        trials = {t["parameters"]["x"]: t for t in self.show()["trials"]}
        for good in ("1", "2"):
            self.assertEqual(trials[good]["status"], "COMPLETED")
            self.assertEqual(trials[good]["last_iteration"], 15)
        for bad in ("100", "nan"):
            self.assertEqual(trials[bad]["status"], "STOPPED")
            self.assertIn("median rule", trials[bad]["reason"])
            self.assertLess(trials[bad]["last_iteration"], 15)
            with open(self.path("pid-" + bad)) as f:
                self.assertFalse(pid_alive(int(f.read())))
        # The NaN trial is stopped when it reaches min_iterations: the rule
        # decides after that observation's ack, so the next ack says stop.
        self.assertLessEqual(trials["nan"]["last_iteration"], 4)
        nan_rows = [r for r in self.export() if r["Trial-ID"] == trials["nan"]["id"]]
        self.assertTrue(nan_rows)
        self.assertTrue(all(r["Objective"] is None for r in nan_rows))


class Asha(SummitTest):
    def test_an_asha_study_runs_to_the_end_and_each_rung_resumes_the_previous_checkpoint(self):
        # A training curve that goes on from the epochs its checkpoint holds.
        self.write("asha.sh", """
            x=$1; resource=$2; from=$3; to=$4
            start=0
            if [ -n "$from" ]; then start=$(cat "$from"); fi
            i=$((start + 1))
            while [ $i -le $resource ]; do
              value=$(awk -v x="$x" -v i="$i" 'BEGIN { print (x - 3) ^ 2 + 10 / i }')
              summit report --iteration $i --objective "$value" > /dev/null
              i=$((i + 1))
            done
            echo "$resource" > "$to"
            """)
        study = self.write("study.yaml", """
            name: asha
            command: sh asha.sh :x: :resource: :load_from: :save_to:
            objective: {goal: minimize}
            algorithm: {name: asha, r: 1, R: 9, eta: 3, max_finished_configs: 2, seed: 1}
            max_concurrent: 3
            parameters: {x: {type: continuous, range: [0, 10]}}
            """)
        out = self.run_study(study, "--workers", "3").stdout
        self.assertIn("FINISHED", out)
        trials = [r for r in self.export() if r["Status"] != "INTERMEDIATE"]
        self.assertTrue(all(t["Status"] == "COMPLETED" for t in trials))
        by_save = {t["save_to"]: t for t in trials}
        self.assertEqual(len(by_save), len(trials))
        self.assertEqual(sorted(t["resource"] for t in trials if t["rung"] == 2), [9, 9])
        per_rung = [len([t for t in trials if t["rung"] == k]) for k in range(3)]
        self.assertGreater(per_rung[0], per_rung[1])  # only those in a rung's top third move up
        self.assertGreater(per_rung[1], per_rung[2])
        checkpoints = os.path.join(self.data, "checkpoints", "study-1")
        for t in trials:
            self.assertTrue(t["save_to"].startswith(checkpoints + "/"), t["save_to"])
            self.assertTrue(os.path.exists(t["save_to"]))
            if t["rung"] == 0:
                self.assertEqual(t["load_from"], "")
                continue
            parent = by_save[t["load_from"]]
            self.assertEqual(parent["rung"], t["rung"] - 1)
            self.assertEqual(parent["x"], t["x"])
            # It trained on from where its parent's checkpoint ended.
            iterations = [r["Iteration"] for r in self.export() if r["Trial-ID"] == t["Trial-ID"]
                          and r["Status"] == "INTERMEDIATE"]
            self.assertEqual(min(iterations), parent["resource"] + 1)
            self.assertEqual(max(iterations), t["resource"])


class PopulationBasedTraining(SummitTest):
    def test_each_generation_goes_on_from_the_previous_one_s_checkpoints(self):
        # "Training" adds lr to the checkpoint's score; the loss is 10 - score.
        self.write("pbt.sh", """
            lr=$1; from=$2; to=$3
            score=0
            if [ -n "$from" ]; then score=$(cat "$from"); fi
            score=$(awk -v s="$score" -v lr="$lr" 'BEGIN { print s + lr }')
            summit report --iteration 1 --objective "$(awk -v s="$score" 'BEGIN { print 10 - s }')" > /dev/null
            echo "$score" > "$to"
            """)
        study = self.write("study.yaml", """
            name: pbt
            command: sh pbt.sh :lr: :load_from: :save_to:
            objective: {goal: minimize}
            algorithm: {name: pbt, population_size: 4, num_generations: 3, seed: 2}
            parameters: {lr: {type: continuous, range: [0.1, 1]}}
            """)
        out = self.run_study(study, "--workers", "4").stdout
        self.assertIn("FINISHED: 12 trials (12 completed, 0 stopped, 0 failed)", out)
        trials = [r for r in self.export() if r["Status"] == "COMPLETED"]
        by_save = {t["save_to"]: t for t in trials}
        for t in trials:
            if t["generation"] == 1:
                self.assertEqual((t["load_from"], t["lineage"]), ("", ""))
                continue
            parent = by_save[t["load_from"]]
            self.assertEqual(parent["generation"], t["generation"] - 1)
            self.assertEqual(t["lineage"].split(",")[-1], str(parent["Trial-ID"]))
            self.assertEqual(len(t["lineage"].split(",")), t["generation"] - 1)
        # The last generation continues the best models: its best beats generation 1's.
        best = {g: min(t["Objective"] for t in trials if t["generation"] == g) for g in (1, 3)}
        self.assertLess(best[3], best[1])


if __name__ == "__main__":
    unittest.main()
