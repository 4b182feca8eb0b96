"""The header-only C++ client inside a real trial."""

import os
import unittest

from harness import SummitTest

CPP_TRIAL = os.environ.get("SUMMIT_CPP_TRIAL", "cpp_trial")


class CppClient(SummitTest):
    def test_a_cpp_trial_reads_its_parameters_and_reports(self):
        study = self.write("study.yaml", """
            name: cpp
            command: %s
            objective: {goal: minimize}
            algorithm: {name: iterate, points: [{x: 0.5, n: 2, mode: fast}, {x: 0.25, n: 0, mode: slow}]}
            parameters:
              x: {type: continuous, range: [0, 1]}
              n: {type: discrete, range: [0, 4]}
              mode: {type: choice, values: [fast, slow]}
            """ % CPP_TRIAL)
        self.run_study(study, "--workers", "2")
        with open(self.path("seen-1.txt")) as f:
            self.assertEqual(f.read(), "1 0.5 2 fast go go go go go error 9 collected go error 9")
        with open(self.path("seen-2.txt")) as f:
            self.assertEqual(f.read(), "1 0.25 0 slow go go go go go error 9 collected go error 9")
        rows = self.export()
        finished = {r["Trial-ID"]: r for r in rows if r["Status"] == "COMPLETED"}
        self.assertAlmostEqual(finished[1]["Objective"], 0.04 + 2 / 50.0)
        self.assertEqual(finished[1]["Iteration"], 607)  # its last; the value is the best (iteration 5), its context too
        self.assertEqual(finished[1]["i"], 5.0)
        # Every pipelined observation stored, once: iterations 1-5, 7-607.
        for trial in (1, 2):
            iterations = sorted(r["Iteration"] for r in rows if r["Trial-ID"] == trial and r["Status"] == "INTERMEDIATE")
            self.assertEqual(iterations, list(range(1, 6)) + list(range(7, 608)))
        best = self.show()["best"]
        self.assertEqual(best["trial"], 2)


if __name__ == "__main__":
    unittest.main()
