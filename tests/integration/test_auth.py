"""CURVE between nodes (issue 7): listed keys get in, every other key is
refused with a clear error on both sides, and a coordinator without keys
stays on 127.0.0.1 or warns loudly."""

import os
import shutil
import subprocess
import unittest

from cluster import Cluster, free_port
from harness import SUMMIT, SummitTest, wait_for

STUDY = """
name: keyed
command: summit report --iteration 0 --objective :x:
objective: {goal: minimize}
algorithm: {name: random, max_trials: 6}
parameters:
  x: {type: continuous, range: [0, 1]}
"""


class Authenticated(SummitTest):
    def setUp(self):
        super().setUp()
        for name, folder in (("coordinator", "keys"), ("w1", "w1"), ("stranger", "s")):
            self.summit("keygen", name, "--dir", self.path(folder), check=True)
        shutil.copy(self.path("w1", "w1.key"), self.path("keys"))
        self.keys = ["--key", self.path("w1", "w1.key_secret"), "--coordinator-key", self.path("keys", "coordinator.key")]
        self.cluster = Cluster(self, coordinator_extra=["--keys", self.path("keys")], client_args=self.keys)
        self.cluster.start_coordinator()

    def tearDown(self):
        self.cluster.stop()
        super().tearDown()

    def coordinator_log(self):
        with open(self.path("coordinator.log")) as f:
            return f.read()

    def ask(self, *keys):
        return subprocess.run([SUMMIT, "study", "list", "--coordinator", self.cluster.address, "--timeout", "5"] +
                              list(keys), capture_output=True, text=True, timeout=30)

    def test_listed_keys_run_a_study_to_the_end(self):
        self.cluster.start_worker("w1")
        study = self.cluster.submit(self.write("study.yaml", STUDY))
        self.assertEqual(self.cluster.wait_state(study, "FINISHED")["counts"]["COMPLETED"], 6)
        self.assertIn("with CURVE keys from", self.coordinator_log())

    def test_an_unlisted_key_is_refused_on_both_sides_and_can_be_added_live(self):
        stranger = ["--key", self.path("s", "stranger.key_secret"), "--coordinator-key", self.path("keys", "coordinator.key")]
        proc = self.ask(*stranger)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("refused this client's key", proc.stderr)
        with open(self.path("s", "stranger.key")) as f:
            stranger_public = f.read().split('"')[1]
        self.assertTrue(wait_for(lambda: stranger_public in self.coordinator_log(), timeout=10))

        worker = subprocess.run([SUMMIT, "worker", "--join", self.cluster.address, "--logs", self.path("logs")] + stranger,
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(worker.returncode, 1)
        self.assertIn("refused this client's key", worker.stderr)

        # The directory is read at every handshake: adding the file is enough.
        shutil.copy(self.path("s", "stranger.key"), self.path("keys"))
        self.assertEqual(self.ask(*stranger).returncode, 0)

    def test_a_client_without_keys_or_with_the_wrong_coordinator_key_is_told_why(self):
        plain = self.ask()
        self.assertEqual(plain.returncode, 1)
        self.assertIn("one uses CURVE keys", plain.stderr)
        self.assertTrue(wait_for(lambda: "without keys" in self.coordinator_log(), timeout=10))
        # A worker without keys speaks ZMTP itself (no libzmq between it and the
        # coordinator): it must still name the mismatch, and leave.
        worker = subprocess.run([SUMMIT, "worker", "--join", self.cluster.address, "--logs", self.path("logs")],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(worker.returncode, 1)
        self.assertIn("one uses CURVE keys", worker.stderr)

        wrong = self.ask("--key", self.path("w1", "w1.key_secret"), "--coordinator-key", self.path("s", "stranger.key"))
        self.assertEqual(wrong.returncode, 1)
        self.assertIn("is --coordinator-key its public key?", wrong.stderr)
        self.assertTrue(wait_for(lambda: "did not decrypt" in self.coordinator_log(), timeout=10))

        half = self.ask("--key", self.path("w1", "w1.key_secret"))
        self.assertEqual(half.returncode, 2)
        self.assertIn("--key needs --coordinator-key", half.stderr)
        swapped = self.ask("--key", self.path("w1", "w1.key"), "--coordinator-key", self.path("keys", "coordinator.key"))
        self.assertIn("holds no secret key", swapped.stderr)


class Unauthenticated(SummitTest):
    def log(self):
        with open(self.path("coordinator.log")) as f:
            return f.read()

    def start(self, *args):
        log = open(self.path("coordinator.log"), "w")
        proc = subprocess.Popen([SUMMIT, "coordinator", "--data", self.data] + list(args), cwd=self.dir,
                                stdout=log, stderr=subprocess.STDOUT)
        self.addCleanup(lambda: (proc.terminate(), proc.wait(timeout=20), log.close()))
        self.assertTrue(wait_for(lambda: "listening on" in self.log(), timeout=20))
        return self.log()

    def test_the_default_is_loopback_and_a_public_address_without_keys_is_warned_about(self):
        proc = self.summit("coordinator", "--help", check=True)
        self.assertIn("tcp://127.0.0.1:7700", proc.stdout)
        log = self.start("--listen", "tcp://0.0.0.0:%d" % free_port())
        self.assertIn("WARNING: listening on tcp://0.0.0.0", log)
        self.assertIn("summit keygen", log)

    def test_no_warning_on_loopback(self):
        log = self.start("--listen", "tcp://127.0.0.1:%d" % free_port())
        self.assertNotIn("WARNING", log)

    def test_bad_key_options_are_refused_at_start(self):
        proc = self.summit("coordinator", "--data", self.data, "--keys", self.path("nowhere"), check=False)
        self.assertIn("--keys %s: not a directory" % self.path("nowhere"), proc.stderr)
        os.makedirs(self.path("empty"))
        proc = self.summit("coordinator", "--data", self.data, "--keys", self.path("empty"), check=False)
        self.assertIn("no coordinator.key_secret; make one with `summit keygen coordinator", proc.stderr)
        self.summit("keygen", "w", "--dir", self.path("k"), check=True)
        again = self.summit("keygen", "w", "--dir", self.path("k"), check=False)
        self.assertIn("exists already; not overwriting it", again.stderr)


if __name__ == "__main__":
    unittest.main()
