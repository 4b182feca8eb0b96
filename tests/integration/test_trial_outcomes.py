"""Trials that fail, and trials stopped through the acknowledgement path."""

import json
import unittest

from harness import SummitTest, pid_alive


class TrialOutcomes(SummitTest):
    def test_a_trial_that_exits_non_zero_is_failed_and_retried(self):
        study = self.write("study.yaml", """
            name: flaky
            command: sh trial.sh :x:
            objective: {goal: minimize}
            algorithm: {name: iterate, points: [{x: 1}, {x: 2}, {x: 3}]}
            retries: 1
            parameters: {x: {type: discrete, range: [0, 9]}}
            """)
        # x=2 fails on its first run only; x=3 fails every time.
        self.write("trial.sh", """
            if [ "$1" = 2 ] && [ ! -e failed-once ]; then touch failed-once; exit 3; fi
            if [ "$1" = 3 ]; then exit 4; fi
            summit report --iteration 1 --objective "$1" > /dev/null
            """)
        out = self.run_study(study, "--workers", "1").stdout
        self.assertIn("FINISHED: 5 trials (2 completed, 0 stopped, 3 failed)", out)
        trials = {t["id"]: t for t in self.show()["trials"]}
        self.assertEqual(trials[2]["status"], "FAILED")
        self.assertEqual(trials[2]["reason"], "exit code 3")
        retried = [t for t in trials.values() if t.get("retry_of") == 2]
        self.assertEqual(len(retried), 1)
        self.assertEqual(retried[0]["status"], "COMPLETED")
        self.assertEqual(retried[0]["parameters"], {"x": 2})
        self.assertEqual(retried[0]["origin"], "retry")
        threes = [t for t in trials.values() if t["parameters"] == {"x": 3}]
        self.assertEqual([t["status"] for t in threes], ["FAILED", "FAILED"])  # one retry, no more
        self.assertEqual(threes[0]["reason"], "exit code 4")

    def stop_study(self, script):
        self.write("trial.sh", script)
        return self.write("study.yaml", """
            name: stopper
            command: sh trial.sh :x:
            objective: {goal: minimize}
            algorithm: {name: iterate, points: [{x: 1}, {x: 50}]}
            stopping: {rule: threshold, threshold: 10, min_iterations: 2}
            parameters: {x: {type: discrete, range: [0, 99]}}
            """)

    def test_a_trial_told_to_stop_by_its_ack_ends_stopped(self):
        # A cooperative trial: it ends as soon as an ack says stop.
        study = self.stop_study("""
            echo $$ > pid-$1
            i=1
            while [ $i -le 20 ]; do
              answer=$(summit report --iteration $i --objective "$1")
              echo "$i $answer" >> answers-$1
              if [ "$answer" = stop ]; then exit 0; fi
              i=$((i + 1))
            done
            """)
        out = self.run_study(study, "--workers", "2").stdout
        self.assertIn("(1 completed, 1 stopped, 0 failed)", out)
        trials = {t["parameters"]["x"]: t for t in self.show()["trials"]}
        self.assertEqual(trials[1]["status"], "COMPLETED")
        self.assertEqual(trials[50]["status"], "STOPPED")
        self.assertIn("threshold rule", trials[50]["reason"])
        self.assertLess(trials[50]["last_iteration"], 20)
        with open(self.path("answers-50")) as f:
            answers = f.read().split("\n")
        self.assertIn("stop", answers[-2])  # the trial saw stop in an ack
        self.assertFalse(pid_alive(int(open(self.path("pid-50")).read())))

    def test_a_trial_that_ignores_sigterm_is_killed_and_ends_stopped(self):
        study = self.stop_study("""
            trap '' TERM
            echo $$ > pid-$1
            n=30
            if [ "$1" = 50 ]; then n=100000; fi  # only a kill ends this one
            i=1
            while [ $i -le $n ]; do
              summit report --iteration $i --objective "$1" > /dev/null
              i=$((i + 1))
              sleep 0.05
            done
            """)
        out = self.run_study(study, "--workers", "2", "--kill-grace", "1").stdout
        self.assertIn("(1 completed, 1 stopped, 0 failed)", out)
        trials = {t["parameters"]["x"]: t for t in self.show()["trials"]}
        self.assertEqual(trials[50]["status"], "STOPPED")
        self.assertFalse(pid_alive(int(open(self.path("pid-50")).read())))


    def test_with_repeat_the_best_is_the_configuration_whose_copies_do_best_not_the_luckiest_copy(self):
        # SHERPA's Repeat.get_best_result: a=1's copies at 1.1, 1.2, 1.3 beat
        # a=3's at 9, 0.1, 9.1 (mean 6.07), whose one copy is the best trial.
        study = self.write("repeat.yaml", """
            name: repeated
            command: summit report --iteration 1 --objective $(awk -v a=:a: -v t=$SUMMIT_TRIAL_ID 'BEGIN { split("1.1 1.2 1.3 9 0.1 9.1", v, " "); print v[t] }')
            objective: {goal: minimize}
            algorithm: {name: grid, repeat: {times: 3, wait: true}}
            parameters: {a: {type: choice, values: [1, 3]}}
            """)
        out = self.run_study(study, "--workers", "1").stdout
        self.assertIn("best configuration (mean of 3 copies: trials 1, 2, 3; sd 0.1, 1.1 to 1.3): objective = 1.2  a=1", out)
        best = json.loads(self.summit("study", "best", 1, "--data", self.data, "--json", check=True).stdout)
        self.assertEqual(best["parameters"], {"a": 1})
        self.assertEqual(best["copies"]["trials"], [1, 2, 3])
        self.assertAlmostEqual(best["copies"]["value"], 1.2)
        self.assertAlmostEqual(best["copies"]["stddev"], 0.1)
        summary = self.show()
        self.assertEqual(summary["best"]["trial"], 1)
        self.assertAlmostEqual(summary["best"]["objective"], 1.2)
        text = self.summit("study", "best", 1, "--data", self.data, check=True).stdout
        self.assertEqual(text, "best configuration: objective = 1.2 (mean of 3 copies: trials 1, 2, 3; sd 0.1, 1.1 to 1.3)\na=1\n")

if __name__ == "__main__":
    unittest.main()
