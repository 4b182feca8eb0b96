"""A private coordinator (and a worker for its trials) on this machine, for
a script or a notebook: `with summit.local("summit-data") as client: ...`."""

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

from .coordinator import connect
from .errors import SummitError, SummitUnavailable

__all__ = ["local", "summit_program"]

_PR_SET_PDEATHSIG = 1


def summit_program():
    """The `summit` program: $SUMMIT_BINARY, else `summit` on PATH."""
    path = os.environ.get("SUMMIT_BINARY") or shutil.which("summit")
    if not path or not os.access(path, os.X_OK):
        raise SummitError(0, "the summit program was not found: put it on PATH or name it in SUMMIT_BINARY"
                          + (" (SUMMIT_BINARY=%s is not an executable)" % path if path else ""))
    return path


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Resolved here, not in the child: between fork and exec only calls that
# take no lock are safe in a process with threads (pyzmq's).
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None


def _die_with_parent():
    """In the child before exec: SIGTERM when the Python process dies, so
    that nothing is left running even after a kill -9 of Python."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)


def _start(args, log_path):
    log = open(log_path, "ab")
    try:
        return subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                preexec_fn=_die_with_parent, close_fds=True,
                                # A Ctrl-C in a terminal goes to Python alone, which stops them in order.
                                start_new_session=True)
    finally:
        log.close()


def _last_line(path):
    try:
        with open(path, "rb") as f:
            lines = [l for l in f.read().decode(errors="replace").splitlines() if l.strip()]
    except OSError:
        return ""
    return lines[-1] if lines else ""


def _stop(process, grace):
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def local(data_dir="summit-data", slots=None, dashboard_port=None, timeout=5):
    """Starts a coordinator on 127.0.0.1 with its data in `data_dir` and a
    worker with `slots` trial slots (default: the number of cores; 0: no
    worker, for studies whose trials run elsewhere), and yields a
    summit.Connection to it. On leaving the block both stop (their running
    trials too); when the Python process dies they stop by themselves. The
    data stays: the same call again resumes every study where it was.
    `dashboard_port` serves the dashboard too (0: any free port; its
    address is then in the coordinator's log, DATA/logs/coordinator.log)."""
    program = summit_program()
    data_dir = os.path.abspath(os.fspath(data_dir))
    logs = os.path.join(data_dir, "logs")
    try:
        os.makedirs(logs, exist_ok=True)
    except OSError as e:
        raise SummitError(0, "cannot create the data directory %s: %s" % (data_dir, e.strerror))
    address = "tcp://127.0.0.1:%d" % _free_port()
    coordinator_log = os.path.join(logs, "coordinator.log")
    args = [program, "coordinator", "--data", data_dir, "--listen", address]
    if dashboard_port is not None:
        args += ["--dashboard-port", str(int(dashboard_port))]
    processes = [_start(args, coordinator_log)]
    try:
        client = connect(address, timeout=timeout)
        deadline = time.monotonic() + 30
        while True:
            if processes[0].poll() is not None:
                raise SummitError(0, "the local coordinator did not start: %s" % (_last_line(coordinator_log)
                                                                                  or "exit %d" % processes[0].returncode))
            try:
                client.studies()
                break
            except SummitUnavailable:
                if time.monotonic() > deadline:
                    raise
        if slots != 0:
            worker = [program, "worker", "--join", address, "--name", "local", "--logs", logs]
            if slots is not None:
                worker += ["--slots", str(int(slots))]
            processes.append(_start(worker, os.path.join(logs, "worker.log")))
        with client:
            yield client
    finally:
        for p in reversed(processes):  # the worker first: its trials end STOPPED, not lost
            _stop(p, grace=30)
