"""A worker answers only the trial process it started (issue 14, item 1): any
other local process that reaches its trial socket, with no token or a wrong
one, gets neither the trial's parameters nor a stored observation."""

import os
import subprocess
import unittest

import msgpack
import zmq

from harness import SUMMIT, SummitTest, wait_for

V = 1
TRIAL_REQUEST, TRIAL_INFO, OBSERVATION, ERROR = 1, 2, 3, 5
WRONG_TOKEN = 14

# The trial shows the test where it listens, then waits for the test's
# strangers to have tried before it reports, so that it is running throughout.
TRIAL = """
import os, time, summit
with open("trial.env.part", "w") as f:
    f.write("%s %s %s" % (os.environ["SUMMIT_ENDPOINT"], os.environ["SUMMIT_TRIAL_ID"],
                          os.environ["SUMMIT_TRIAL_TOKEN"]))
os.rename("trial.env.part", "trial.env")
deadline = time.time() + 60
while not os.path.exists("go") and time.time() < deadline:
    time.sleep(0.05)
client = summit.Client()
trial = client.get_trial()
client.send_metrics(trial, iteration=1, objective=trial.parameters["x"])
"""

STUDY = """
name: token
command: /usr/bin/python3 trial.py
objective: {goal: minimize}
algorithm: {name: random, max_trials: 1}
parameters:
  x: {type: continuous, range: [0, 1]}
"""


class TrialToken(SummitTest):
    def ask(self, endpoint, kind, body):
        context = zmq.Context.instance()
        s = context.socket(zmq.REQ)
        s.setsockopt(zmq.LINGER, 0)
        s.connect(endpoint)
        try:
            s.send(msgpack.packb([V, kind, body]))
            self.assertTrue(s.poll(5000), "the worker did not answer")
            return msgpack.unpackb(s.recv(), raw=False)
        finally:
            s.close()

    def test_requests_without_the_trials_token_are_refused_and_change_nothing(self):
        self.write("trial.py", TRIAL)
        study = self.write("study.yaml", STUDY)
        run = subprocess.Popen([SUMMIT, "run", study, "--data", self.data, "--workers", "1"], cwd=self.dir,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            self.assertTrue(wait_for(lambda: os.path.exists(self.path("trial.env")), timeout=30))
            with open(self.path("trial.env")) as f:
                endpoint, trial, token = f.read().split()
            trial = int(trial)
            self.assertRegex(token, "^[0-9a-f]{32}$")
            wrong = "0" * 32 if token != "0" * 32 else "1" * 32
            for name, body in [
                ("no token", {"trial": trial}),
                ("a wrong token", {"trial": trial, "token": wrong}),
                ("the token's first half", {"trial": trial, "token": token[:16]}),
            ]:
                with self.subTest(case="parameters with " + name):
                    reply = self.ask(endpoint, TRIAL_REQUEST, body)
                    self.assertEqual(reply[1], ERROR, reply)
                    self.assertEqual(reply[2]["code"], WRONG_TOKEN)
                with self.subTest(case="an objective of -1000 with " + name):
                    reply = self.ask(endpoint, OBSERVATION, dict(body, iteration=1, objective=-1000.0, context={}))
                    self.assertEqual(reply[2]["code"], WRONG_TOKEN)
            # The token is the trial's own: its parameters, for the same request with it.
            reply = self.ask(endpoint, TRIAL_REQUEST, {"trial": trial, "token": token})
            self.assertEqual(reply[1], TRIAL_INFO)
            open(self.path("go"), "w").close()
            out, err = run.communicate(timeout=60)
        finally:
            if run.poll() is None:
                run.kill()
                run.communicate()
        self.assertEqual(run.returncode, 0, err)
        self.assertIn("refused a request for trial %d: a wrong SUMMIT_TRIAL_TOKEN" % trial, err)
        rows = self.export()
        self.assertNotIn(-1000.0, [r["Objective"] for r in rows])
        self.assertEqual([r["Iteration"] for r in rows if r["Status"] == "INTERMEDIATE"], [1])


if __name__ == "__main__":
    unittest.main()
