"""Shared helpers for the integration tests: they run the real `summit`
binary (SUMMIT_BIN) on studies written into fresh temporary directories, on
127.0.0.1 only."""

import csv
import io
import json
import os
import sys
import shutil
import subprocess
import tempfile
import textwrap
import time
import unittest

SUMMIT = os.environ.get("SUMMIT_BIN", "summit")
SOURCE_DIR = os.environ.get("SUMMIT_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


class SummitTest(unittest.TestCase):
    """A test with its own working directory, removed afterwards."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="summit-it-")
        self.data = os.path.join(self.dir, "data")

    def tearDown(self):
        if os.environ.get("SUMMIT_KEEP_TEST_DIRS"):  # for a post-mortem of a flaky run
            print("kept", self.dir, file=sys.stderr)
            return
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, name, text, mode=0o644):
        path = self.path(name)
        with open(path, "w") as f:
            f.write(textwrap.dedent(text).lstrip("\n"))
        os.chmod(path, mode)
        return path

    def summit(self, *args, timeout=120, check=None):
        """Runs summit; check=True asserts exit 0, check=False asserts non-zero."""
        proc = subprocess.run([SUMMIT] + [str(a) for a in args], capture_output=True, text=True,
                              timeout=timeout, cwd=self.dir)
        if check is True:
            self.assertEqual(proc.returncode, 0, "summit %s failed:\n%s\n%s" % (args, proc.stdout, proc.stderr))
        if check is False:
            self.assertNotEqual(proc.returncode, 0, "summit %s should have failed" % (args,))
        return proc

    def run_study(self, study, *extra, timeout=120):
        return self.summit("run", study, "--data", self.data, *extra, timeout=timeout, check=True)

    def export(self, study_id=1, fmt="json"):
        out = self.summit("study", "export", study_id, "--data", self.data, "--format", fmt, check=True).stdout
        return json.loads(out) if fmt == "json" else list(csv.DictReader(io.StringIO(out)))

    def show(self, study_id=1):
        return json.loads(self.summit("study", "show", study_id, "--data", self.data, "--json", check=True).stdout)


def wait_for(predicate, timeout=30.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for our purposes.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
