"""The dashboard over real HTTP (issue 8): the page is served from the
binary, the JSON API gives the same documents as `summit study --json`, a
running trial stopped through the API ends STOPPED, and requests from other
origins are refused. The browser test (chromium) is separate."""

import json
import subprocess
import time
import unittest
import urllib.error
import urllib.request

from cluster import Cluster, free_port
from harness import SUMMIT, SummitTest, wait_for

STUDY = """
name: board
command: /usr/bin/python3 trial.py
objective: {goal: minimize}
algorithm: {name: random, max_trials: 6, seed: 3}
parameters:
  lr: {type: continuous, range: [0.0001, 0.1], scale: log}
  act: {type: choice, values: [relu, tanh]}
"""

TRIAL = """
import os, time, summit
client = summit.Client()
trial = client.get_trial()
slow = os.path.exists("slow-%d" % trial.id) or trial.id == 1
for i in range(400 if slow else 4):
    if client.send_metrics(trial, iteration=i, objective=trial.parameters["lr"] * (10 - i)):
        break
    time.sleep(0.05)
"""


def read(path):
    with open(path) as f:
        return f.read()


class Dashboard(SummitTest):
    def setUp(self):
        super().setUp()
        self.cluster = Cluster.with_dashboard(self)
        self.port = self.cluster.dashboard_port
        self.base = self.cluster.dashboard

    def get(self, path, headers=None):
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def post(self, path, headers=None):
        request = urllib.request.Request(self.base + path, data=b"", method="POST", headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def test_the_api_gives_the_command_line_documents_and_stops_a_trial(self):
        self.write("trial.py", TRIAL)
        self.cluster.start_worker("w", slots=2)
        study = self.cluster.submit(self.write("study.yaml", STUDY))

        status, page = self.get("/")
        self.assertEqual(status, 200)
        self.assertIn("<title>Summit</title>", page)

        status, body = self.get("/api/studies")
        self.assertEqual(status, 200)
        self.assertEqual([s["name"] for s in json.loads(body)], ["board"])

        self.assertTrue(wait_for(lambda: any(t["id"] == 1 and t["status"] == "RUNNING"
                                             for t in json.loads(self.get("/api/studies/%d" % study)[1])["trials"]),
                                 timeout=30))
        status, body = self.get("/api/studies/%d" % study)
        doc = json.loads(body)
        self.assertEqual([p["name"] for p in doc["space"]], ["lr", "act"])
        self.assertEqual(doc["space"][0]["scale"], "log")
        self.assertEqual(doc["space"][1]["values"], ["relu", "tanh"])
        cli = self.cluster.show(study)
        self.assertEqual(doc["name"], cli["name"])
        self.assertEqual(doc["space"], cli["space"])

        status, body = self.get("/api/studies/%d/metrics" % study)
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["metric"], "objective")
        status, body = self.get("/api/studies/%d/best" % study)
        self.assertIn(status, (200, 409), body)  # 409 until a trial has completed
        if status == 200:
            self.assertEqual(json.loads(body)["metric"], "objective")

        # Without the header a cross-site form could not add, nothing happens.
        self.assertEqual(self.post("/api/studies/%d/trials/1/stop" % study)[0], 403)
        status, body = self.post("/api/studies/%d/trials/1/stop" % study, {"X-Summit": "1"})
        self.assertEqual(status, 200, body)
        self.assertTrue(body["stopping"])
        final = self.cluster.wait_state(study, "FINISHED", timeout=60)
        trial = next(t for t in final["trials"] if t["id"] == 1)
        self.assertEqual(trial["status"], "STOPPED")
        self.assertIn("dashboard", trial.get("reason", ""))

        status, body = self.post("/api/studies/%d/trials/1/stop" % study, {"X-Summit": "1"})
        self.assertEqual(status, 400)
        self.assertIn("not running", body["error"])

    def test_bad_requests_and_foreign_hosts_are_refused(self):
        self.assertEqual(self.get("/api/studies/42")[0], 404)
        self.assertEqual(self.get("/api/studies/abc")[0], 400)
        self.assertEqual(self.get("/api/unknown")[0], 404)
        # A DNS-rebinding page reaches us under its own host name: refused.
        self.assertEqual(self.get("/api/studies", {"Host": "evil.example:%d" % self.port})[0], 403)
        self.assertEqual(self.get("/api/studies", {"Host": "localhost:%d" % self.port})[0], 200)

    def test_a_dashboard_other_machines_can_reach_is_warned_about(self):
        port = free_port()
        with open(self.path("open.log"), "w") as log:
            proc = subprocess.Popen([SUMMIT, "coordinator", "--data", self.path("open"), "--listen",
                                     "tcp://127.0.0.1:%d" % free_port(), "--dashboard-host", "0.0.0.0",
                                     "--dashboard-port", str(port)], stdout=log, stderr=subprocess.STDOUT)
            try:
                self.assertTrue(wait_for(lambda: "dashboard at" in read(self.path("open.log")), timeout=20))
            finally:
                proc.terminate()
                proc.wait(timeout=20)
        self.assertIn("WARNING: the dashboard on 0.0.0.0:%d has no password" % port, read(self.path("open.log")))
        self.assertNotIn("WARNING", read(self.path("coordinator.log")))

    def test_idle_and_half_sent_connections_do_not_hold_up_the_api(self):
        import socket
        idle = []
        try:
            for i in range(200):  # connected, silent; or a request that never ends (slowloris)
                s = socket.create_connection(("127.0.0.1", self.port))
                if i % 3 == 0:
                    s.sendall(b"GET /api/studies HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                idle.append(s)
            for _ in range(5):
                start = time.monotonic()
                status, _ = self.get("/api/studies")
                self.assertEqual(status, 200)
                self.assertLess(time.monotonic() - start, 1.0)
        finally:
            for s in idle:
                s.close()

    def test_one_address_gets_at_most_256_connections(self):
        import socket
        held = []
        try:
            for _ in range(300):
                s = socket.socket()
                s.bind(("127.0.0.2", 0))  # another client than the test's own requests
                s.connect(("127.0.0.1", self.port))
                held.append(s)
            time.sleep(0.5)  # the server accepts (or refuses) them meanwhile
            refused = 0
            for s in held:
                s.settimeout(0.01)
                try:
                    refused += s.recv(1) == b""  # closed at once: over the cap
                except socket.timeout:
                    pass
                except ConnectionResetError:
                    refused += 1
            self.assertEqual(refused, 300 - 256)
            self.assertEqual(self.get("/api/studies")[0], 200)  # other addresses are served
        finally:
            for s in held:
                s.close()

    def test_a_taken_port_is_a_clear_error(self):
        proc = self.summit("coordinator", "--data", self.path("other"), "--listen",
                           "tcp://127.0.0.1:%d" % free_port(), "--dashboard-port", str(self.port), check=False,
                           timeout=30)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("cannot serve the dashboard on 127.0.0.1:%d" % self.port, proc.stderr)



class DataDashboard(SummitTest):
    """`summit dashboard --data DIR`: SHERPA's load_dashboard, with no coordinator."""

    def test_a_data_directory_is_served_read_only_without_a_coordinator(self):
        study = self.write("study.yaml", """
            name: finished
            command: summit report --iteration 1 --objective :x:
            objective: {goal: minimize}
            algorithm: {name: random, max_trials: 4, seed: 1}
            parameters: {x: {type: continuous, range: [0, 1]}}
            """)
        self.run_study(study, "--workers", "2")
        port = free_port()
        with open(self.path("board.log"), "w") as log:
            proc = subprocess.Popen([SUMMIT, "dashboard", "--data", self.data, "--port", str(port)],
                                    stdout=log, stderr=subprocess.STDOUT)
        try:
            self.assertTrue(wait_for(lambda: "read-only" in read(self.path("board.log")), timeout=20))
            self.assertIn("dashboard of %s at http://127.0.0.1:%d/" % (self.data, port), read(self.path("board.log")))
            base = "http://127.0.0.1:%d" % port
            with urllib.request.urlopen(base + "/", timeout=10) as r:
                self.assertIn("<title>Summit</title>", r.read().decode())
            with urllib.request.urlopen(base + "/api/studies", timeout=10) as r:
                cli = self.summit("study", "list", "--all", "--data", self.data, "--json", check=True).stdout
                self.assertEqual(json.loads(r.read()), json.loads(cli))
            with urllib.request.urlopen(base + "/api/studies/1", timeout=10) as r:
                self.assertEqual(json.loads(r.read()), self.show(1))
            with urllib.request.urlopen(base + "/api/studies/1/metrics", timeout=10) as r:
                self.assertEqual(len(json.loads(r.read())["series"]), 4)
            request = urllib.request.Request(base + "/api/studies/1/trials/1/stop", data=b"", method="POST",
                                             headers={"X-Summit": "1"})
            with self.assertRaises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            self.assertEqual(refused.exception.code, 400)
            self.assertIn("only reads", json.loads(refused.exception.read())["error"])
            with self.assertRaises(urllib.error.HTTPError) as missing:
                urllib.request.urlopen(base + "/api/studies/7", timeout=10)
            self.assertEqual(missing.exception.code, 404)
        finally:
            proc.terminate()
            self.assertEqual(proc.wait(timeout=10), 0)

    def test_a_directory_without_data_is_a_one_line_error(self):
        proc = self.summit("dashboard", "--data", self.path("nothing"), check=False)
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(proc.stderr, "summit dashboard: %s: no Summit data here\n" % self.path("nothing"))

if __name__ == "__main__":
    unittest.main()
