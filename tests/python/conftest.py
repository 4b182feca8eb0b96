"""Fixtures of the Python package's tests: the package from the source tree,
the built `summit` program, a private coordinator and worker per test."""

import os
import socket
import subprocess
import sys
import textwrap

import pytest

SOURCE_DIR = os.environ.get("SUMMIT_SOURCE_DIR") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(SOURCE_DIR, "clients", "python"))
if "SUMMIT_BIN" in os.environ:
    os.environ.setdefault("SUMMIT_BINARY", os.environ["SUMMIT_BIN"])

import summit  # noqa: E402

# A trial: reports x * i for i = 1..3 (and x**2 as a context metric), or
# fails when x is negative.
TRIAL = """
import sys, time, summit
client = summit.Client()
trial = client.get_trial()
x = float(trial.parameters["x"])
if x < 0:
    sys.exit(3)
for i in range(1, 4):
    if client.send_metrics(trial, iteration=i, objective=x * i, context={"x2": x * x}):
        break
    time.sleep(float(trial.parameters.get("pause", 0)))
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    (tmp_path / "trial.py").write_text(textwrap.dedent(TRIAL))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def client(workdir):
    with summit.local(workdir / "data", slots=4) as c:
        yield c


def free_address():
    """A tcp:// address on loopback that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return "tcp://127.0.0.1:%d" % s.getsockname()[1]


def start_coordinator(data, address):
    """A `summit coordinator` process on `data`, and a connection to it once
    it answers (for the tests that kill it and start it again)."""
    p = subprocess.Popen([os.environ["SUMMIT_BINARY"], "coordinator", "--data", str(data), "--listen", address],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = summit.connect(address, timeout=1)
    for _ in range(100):
        try:
            client.studies()
            return p, client
        except summit.SummitUnavailable:
            pass
    raise AssertionError("the coordinator did not start")
