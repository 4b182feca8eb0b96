"""A coordinator and worker nodes as real processes on 127.0.0.1, for the
distributed integration tests."""

import json
import signal
import socket
import subprocess

from harness import SUMMIT, wait_for


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """Fast heartbeats, so that a lost worker is noticed within a second. The
    claim grace stays the product's default: a worker's reconnection backoff
    grows to 5 s, and a slow machine (or a sanitizer build) needs all of it."""

    def __init__(self, test, heartbeat=0.2, timeout=1.0, claim_grace=10.0, coordinator_extra=(), client_args=()):
        self.test = test
        self.port = free_port()
        self.address = "tcp://127.0.0.1:%d" % self.port
        self.coordinator_args = ["--heartbeat", str(heartbeat), "--timeout", str(timeout),
                                 "--claim-grace", str(claim_grace)] + list(coordinator_extra)
        self.client_args = list(client_args)  # e.g. --key and --coordinator-key
        self.coordinator = None
        self.workers = {}
        self.logs = []

    def _start(self, name, args):
        log = open(self.test.path(name + ".log"), "a")
        self.logs.append(log)
        return subprocess.Popen([SUMMIT] + args, cwd=self.test.dir, stdout=log, stderr=subprocess.STDOUT)

    def start_coordinator(self):
        self.coordinator = self._start("coordinator", ["coordinator", "--data", self.test.data, "--listen",
                                                       self.address] + self.coordinator_args)
        assert wait_for(lambda: self.study("list", check=None).returncode == 0, timeout=20)

    def start_worker(self, name, slots=2, extra=()):
        self.workers[name] = self._start(name, ["worker", "--join", self.address, "--name", name, "--slots",
                                                str(slots), "--logs", self.test.path("logs-" + name),
                                                "--kill-grace", "1"] + self.client_args + list(extra))

    def kill(self, process, sig=signal.SIGKILL):
        process.send_signal(sig)
        process.wait(timeout=30)

    def stop(self):
        for p in list(self.workers.values()) + [self.coordinator]:
            if p and p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in list(self.workers.values()) + [self.coordinator]:
            if p:
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()
        for log in self.logs:
            log.close()

    def command(self, *args):
        """The argv of a command against this cluster's coordinator."""
        return [SUMMIT] + list(args) + ["--coordinator", self.address, "--timeout", "5"] + self.client_args

    def study(self, *args, check=True):
        return self.test.summit("study", *args, "--coordinator", self.address, "--timeout", "5", *self.client_args,
                                check=check)

    def submit(self, path):
        out = self.study("submit", path).stdout
        return int(out.split()[-1])  # the id is the last word

    def show(self, study_id):
        return json.loads(self.study("show", study_id, "--json").stdout)

    def wait_state(self, study_id, *states, timeout=90):
        ok = wait_for(lambda: self.show(study_id)["state"] in states, timeout=timeout, interval=0.2)
        self.test.assertTrue(ok, "study %d never reached %s: %s" % (study_id, states, self.show(study_id)))
        return self.show(study_id)

    @classmethod
    def with_dashboard(cls, test):
        """A started coordinator serving its dashboard on a free port (cluster.dashboard)."""
        port = free_port()
        cluster = cls(test, coordinator_extra=["--dashboard-port", str(port)])
        cluster.dashboard = "http://127.0.0.1:%d" % port
        cluster.dashboard_port = port
        cluster.start_coordinator()
        test.addCleanup(cluster.stop)
        return cluster

    def study_list(self):
        return json.loads(self.study("list", "--json").stdout)

    def export(self, study_id, timeout=5):
        return json.loads(self.test.summit("study", "export", study_id, "--format", "json", "--coordinator",
                                           self.address, "--timeout", timeout, *self.client_args, check=True).stdout)
