"""README command one's study, shortened: the real digits MLP, trained
through the Python client, on the example's own files."""

import os
import shutil
import unittest

from harness import SOURCE_DIR, SummitTest


class DigitsExample(SummitTest):
    def test_the_digits_mlp_study_runs_and_reports_every_epoch(self):
        shutil.copytree(os.path.join(SOURCE_DIR, "examples", "digits-mlp"), self.path("digits"))
        path = self.path("digits", "study.yaml")
        with open(path) as f:
            text = f.read()
        self.assertIn("max_trials: 20", text)
        self.assertIn("--epochs 8", text)
        with open(path, "w") as f:
            f.write(text.replace("max_trials: 20", "max_trials: 4").replace("--epochs 8", "--epochs 3"))
        out = self.run_study(path, "--workers", "2", timeout=300).stdout
        self.assertIn("FINISHED: 4 trials (4 completed, 0 stopped, 0 failed)", out)
        self.assertIn("best trial", out)
        rows = self.export(fmt="csv")
        self.assertEqual(list(rows[0].keys()),
                         ["Trial-ID", "Status", "Iteration", "Objective", "lr", "units", "activation", "alpha", "accuracy"])
        self.assertEqual(len([r for r in rows if r["Status"] == "INTERMEDIATE"]), 4 * 3)
        for r in rows:
            self.assertTrue(1e-4 <= float(r["lr"]) <= 1e-1)
            self.assertTrue(16 <= int(r["units"]) <= 256)
            self.assertIn(r["activation"], ("relu", "tanh", "logistic"))
            self.assertGreater(float(r["Objective"]), 0)

    def test_the_asha_variant_saves_and_loads_its_models_between_rungs(self):
        shutil.copytree(os.path.join(SOURCE_DIR, "examples", "digits-mlp"), self.path("digits"))
        path = self.path("digits", "study-asha.yaml")
        with open(path) as f:
            text = f.read()
        self.assertIn("R: 9", text)
        with open(path, "w") as f:
            f.write(text.replace("R: 9", "R: 3").replace("max_finished_configs: 3", "max_finished_configs: 1"))
        out = self.run_study(path, "--workers", "2", timeout=300).stdout
        self.assertIn("FINISHED", out)
        rows = self.export()
        top = [r for r in rows if r["Status"] == "COMPLETED" and r["rung"] == 1]
        self.assertEqual(len(top), 1)
        # Epochs 2 and 3 only: epoch 1 is in the model it loaded.
        epochs = [r["Iteration"] for r in rows if r["Trial-ID"] == top[0]["Trial-ID"] and r["Status"] == "INTERMEDIATE"]
        self.assertEqual(epochs, [2, 3])
        self.assertTrue(os.path.exists(top[0]["load_from"]))
        self.assertTrue(os.path.exists(top[0]["save_to"]))


if __name__ == "__main__":
    unittest.main()
