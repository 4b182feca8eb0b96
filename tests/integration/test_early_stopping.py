"""Early stopping through the stopping-rule actor, and multi-fidelity
algorithms that hand checkpoints from trial to trial."""

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


if __name__ == "__main__":
    unittest.main()
