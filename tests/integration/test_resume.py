"""Promises of PRODUCT.md §5 for `summit run`: killed at any moment (kill -9 or
Ctrl-C) and rerun on the same data directory, the study finishes, and every
observation a trial saw acknowledged is in the results exactly once."""

import collections
import os
import signal
import subprocess
import time
import unittest

from harness import SUMMIT, SummitTest, wait_for


class Resume(SummitTest):
    def setUp(self):
        super().setUp()
        # Each trial reports 6 iterations and logs every one acknowledged to it.
        self.write("resume-trial.sh", """
            i=1
            while [ $i -le 6 ]; do
              summit report --iteration $i --objective "$(awk -v x="$1" -v i="$i" 'BEGIN {print x / i}')" > /dev/null || exit 1
              echo "$SUMMIT_TRIAL_ID $i" >> acked.log
              i=$((i + 1))
              sleep 0.02
            done
            """)
        self.study = self.write("study.yaml", """
            name: resumable
            command: sh resume-trial.sh :x:
            objective: {goal: minimize}
            algorithm: {name: random, max_trials: 24, seed: 3}
            parameters: {x: {type: continuous, range: [1, 10]}}
            """)

    def acked(self):
        with open(self.path("acked.log")) as f:
            return [tuple(int(v) for v in line.split()) for line in f if line.strip()]

    def start(self):
        return subprocess.Popen([SUMMIT, "run", self.study, "--data", self.data, "--workers", "3"],
                                cwd=self.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def check_complete(self):
        rows = self.export()
        stored = collections.Counter((r["Trial-ID"], r["Iteration"]) for r in rows if r["Status"] == "INTERMEDIATE")
        duplicates = [k for k, n in stored.items() if n > 1]
        self.assertEqual(duplicates, [])
        missing = [a for a in self.acked() if a not in stored]
        self.assertEqual(missing, [], "acknowledged but not stored")
        summary = self.show()
        self.assertEqual(summary["state"], "FINISHED")
        self.assertEqual(summary["counts"]["RUNNING"], 0)
        completed = [t for t in summary["trials"] if t["status"] == "COMPLETED"]
        self.assertEqual(len(completed), 24)
        for t in summary["trials"]:
            self.assertIn(t["status"], ("COMPLETED", "FAILED"))
            if t["status"] == "FAILED":
                self.assertTrue(t["reason"].startswith("interrupted"), t)
        return len(self.acked())

    def test_kill_9_in_the_middle_then_rerun_loses_and_duplicates_nothing(self):
        proc = self.start()
        self.assertTrue(wait_for(lambda: os.path.exists(self.path("acked.log")) and len(self.acked()) >= 30))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        # No trial outlives the process that could hear it.
        time.sleep(0.3)
        leftovers = subprocess.run(["pgrep", "-f", "sh resume-trial.sh"], capture_output=True, text=True).stdout
        self.assertEqual(leftovers.strip(), "")
        before = len(self.acked())
        out = self.run_study(self.study, "--workers", "3").stdout
        self.assertIn("resuming study 1", out)
        self.assertGreater(self.check_complete(), before)

    def test_kill_9_leaves_no_process_behind_even_one_that_left_the_session(self):
        study = self.write("escaping.yaml", """
            name: escaping
            command: setsid sleep 987 & sh -c 'setsid sleep 986 &'; sleep 300
            objective: {goal: minimize}
            algorithm: {name: random, max_trials: 4}
            parameters: {x: {type: continuous, range: [0, 1]}}
            """)
        proc = subprocess.Popen([SUMMIT, "run", study, "--data", self.data, "--workers", "2"], cwd=self.dir,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        escaped = lambda: subprocess.run(["pgrep", "-f", "^sleep 98[67]$"], capture_output=True, text=True).stdout.split()
        self.assertTrue(wait_for(lambda: len(escaped()) == 4))
        proc.kill()
        proc.wait(timeout=10)
        self.assertTrue(wait_for(lambda: escaped() == [], timeout=5), escaped())

    def test_kill_9_twice_then_rerun(self):
        for threshold in (20, 60):
            proc = self.start()
            self.assertTrue(wait_for(lambda: os.path.exists(self.path("acked.log")) and len(self.acked()) >= threshold))
            proc.kill()
            proc.wait(timeout=10)
        self.run_study(self.study, "--workers", "3")
        self.check_complete()

    def test_ctrl_c_stops_the_trials_and_a_rerun_resumes(self):
        proc = self.start()
        self.assertTrue(wait_for(lambda: os.path.exists(self.path("acked.log")) and len(self.acked()) >= 20))
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 130)
        self.assertIn("run the same command again to resume", out)
        self.assertEqual(subprocess.run(["pgrep", "-f", "sh resume-trial.sh"], capture_output=True).returncode, 1)
        self.run_study(self.study)
        self.check_complete()

    def test_another_study_in_the_same_directory_does_not_wake_an_interrupted_one(self):
        proc = self.start()
        self.assertTrue(wait_for(lambda: os.path.exists(self.path("acked.log")) and len(self.acked()) >= 10))
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
        before = self.show(1)["counts"]
        other = self.write("other.yaml", """
            name: other
            command: summit report --iteration 0 --objective :x:
            objective: {goal: minimize}
            algorithm: {name: random, max_trials: 3}
            parameters: {x: {type: continuous, range: [0, 1]}}
            """)
        self.run_study(other)
        after = self.show(1)["counts"]
        # Study 1 ran nothing meanwhile; its dead trials are marked interrupted.
        self.assertEqual(sum(after.values()), sum(before.values()))
        self.assertEqual(after["COMPLETED"], before["COMPLETED"])
        self.assertEqual(after["RUNNING"], 0)
        self.assertEqual(self.show(2)["state"], "FINISHED")
        self.run_study(self.study)
        self.check_complete()

    def test_a_damaged_log_is_refused_naming_the_file_and_repair_salvages_the_rest(self):
        self.run_study(self.study, "--workers", "3")
        logs = [f for f in os.listdir(os.path.join(self.data, "log")) if f.endswith(".log")]
        self.assertEqual(len(logs), 1)
        wal = os.path.join(self.data, "log", logs[0])
        with open(wal, "r+b") as f:  # one bit, in the middle, as a failing disk flips it
            f.seek(os.path.getsize(wal) // 2)
            byte = f.read(1)[0]
            f.seek(-1, os.SEEK_CUR)
            f.write(bytes([byte ^ 0x10]))

        for command in (["study", "list", "--data", self.data], ["run", self.study, "--data", self.data]):
            err = self.summit(*command, check=False).stderr
            self.assertEqual(len(err.strip().splitlines()), 1, err)
            self.assertIn(self.data + ": the log is damaged, nothing was read", err)
            self.assertIn(wal, err)
            self.assertIn("summit repair --data " + self.data, err)

        out = self.summit("repair", "--data", self.data, check=True).stdout
        self.assertIn("salvaged into " + self.data + ".repaired: 1 study, ", out)
        self.assertIn("lost: " + wal + ": dropping ", out)
        self.summit("study", "list", "--data", self.data, check=False)  # still refused, still there
        # The salvage resumes like any interrupted study and finishes it.
        self.data += ".repaired"
        self.run_study(self.study, "--workers", "3")
        summary = self.show()
        self.assertEqual(summary["state"], "FINISHED")
        self.assertEqual(summary["counts"]["COMPLETED"], 24)


if __name__ == "__main__":
    unittest.main()
