"""The fast example runs to completion; its export and the read commands
agree with what ran; running it again does not rerun anything."""

import json
import os
import shutil
import unittest

from harness import SOURCE_DIR, SummitTest


class BraninExample(SummitTest):
    def setUp(self):
        super().setUp()
        shutil.copytree(os.path.join(SOURCE_DIR, "examples", "branin"), self.path("branin"))
        self.study = self.path("branin", "study.yaml")

    def test_runs_to_completion_and_exports_the_results_table(self):
        out = self.run_study(self.study, "--workers", "4").stdout
        self.assertIn("FINISHED: 30 trials (30 completed, 0 stopped, 0 failed)", out)
        self.assertIn("best trial", out)
        self.assertRegex(out, r"mattered most \(PED-ANOVA, best 3 of 30\): x[12] 0\.\d{3}, x[12] 0\.\d{3}\n")
        shares = json.loads(self.summit("study", "importance", 1, "--data", self.data, "--json", check=True).stdout)
        self.assertEqual((shares["trials"], shares["top_trials"]), (30, 3))
        self.assertEqual(sorted(p["name"] for p in shares["parameters"]), ["x1", "x2"])
        self.assertAlmostEqual(sum(p["importance"] for p in shares["parameters"]), 1.0)
        self.assertIn("best 20% (6 of 30", self.summit("study", "importance", 1, "--data", self.data,
                                                       "--quantile", "0.2", check=True).stdout)

        rows = self.export(fmt="csv")
        self.assertEqual(list(rows[0].keys()), ["Trial-ID", "Status", "Iteration", "Objective", "x1", "x2"])
        finished = [r for r in rows if r["Status"] == "COMPLETED"]
        intermediate = [r for r in rows if r["Status"] == "INTERMEDIATE"]
        self.assertEqual(len(finished), 30)
        self.assertEqual(len(intermediate), 90)
        self.assertEqual(sorted({int(r["Trial-ID"]) for r in finished}), list(range(1, 31)))
        for r in finished:
            self.assertTrue(-5 <= float(r["x1"]) <= 10 and 0 <= float(r["x2"]) <= 15)
            self.assertEqual(r["Iteration"], "3")  # the last iteration is the exact, lowest value

        # The written results file is the same table.
        with open(os.path.join(self.data, "results", "study-1.csv")) as f:
            written = f.read()
        self.assertEqual(written, self.summit("study", "export", 1, "--data", self.data, check=True).stdout)
        # Read a trial a page, from one snapshot of the log: the same table.
        self.assertEqual(written, self.summit("study", "export", 1, "--data", self.data, "--page-values", 1,
                                              check=True).stdout)
        paged = self.path("paged.csv")
        self.summit("study", "export", 1, "--data", self.data, "--page-values", 30, "-o", paged, check=True)
        with open(paged) as f:
            self.assertEqual(written, f.read())

        best = json.loads(self.summit("study", "best", 1, "--data", self.data, "--json", check=True).stdout)
        lowest = min(finished, key=lambda r: float(r["Objective"]))
        self.assertEqual(best["id"], int(lowest["Trial-ID"]))
        self.assertAlmostEqual(best["objective"], float(lowest["Objective"]))

        studies = json.loads(self.summit("study", "list", "--data", self.data, "--json", check=True).stdout)
        self.assertEqual(len(studies), 1)
        self.assertEqual(studies[0]["state"], "FINISHED")
        self.assertEqual(studies[0]["counts"]["COMPLETED"], 30)
        self.assertEqual(studies[0]["best"]["trial"], best["id"])

        show = self.show()
        self.assertEqual(len(show["trials"]), 30)
        self.assertEqual({t["status"] for t in show["trials"]}, {"COMPLETED"})
        text = self.summit("study", "show", 1, "--data", self.data, check=True).stdout
        self.assertIn("30/30 done, 0 running, 0 failed", text)

        again = self.run_study(self.study)
        self.assertIn("already ended", again.stdout)
        self.assertEqual(len(self.export()), 120)

    def test_a_seed_reproduces_the_same_trials(self):
        self.run_study(self.study, "--workers", "3")
        first = {(r["Trial-ID"], r["x1"], r["x2"]) for r in self.export(fmt="csv") if r["Status"] == "COMPLETED"}
        shutil.rmtree(self.data)
        self.run_study(self.study, "--workers", "1")
        second = {(r["Trial-ID"], r["x1"], r["x2"]) for r in self.export(fmt="csv") if r["Status"] == "COMPLETED"}
        self.assertEqual(first, second)

    def test_bayesian_search_with_two_trials_at_once_beats_the_random_one(self):
        with open(self.study) as f:
            text = f.read()
        bayes = self.path("branin", "bayes.yaml")
        with open(bayes, "w") as f:
            f.write(text.replace("name: branin", "name: branin-bayes")
                        .replace("name: random\n  max_trials: 30", "name: bayesian\n  max_trials: 24")
                    + "max_concurrent: 2\n")
        self.run_study(bayes, "--workers", "2")
        rows = [r for r in self.export(fmt="csv") if r["Status"] == "COMPLETED"]
        self.assertEqual(len(rows), 24)
        params = {(r["x1"], r["x2"]) for r in rows}
        self.assertEqual(len(params), 24, "parallel suggestions must not repeat a point")
        best = min(float(r["Objective"]) for r in rows)
        # The optimum is 0.398 and random search's best of 30 here is 1.53. The
        # order in which two parallel trials finish changes the history, so
        # this run is not reproducible: 40 runs gave 0.398 to 1.007 (median 0.40).
        self.assertLess(best, 1.5)


if __name__ == "__main__":
    unittest.main()
