"""One table of hostile inputs across every surface Summit reads (issue 7):
the study file, the command line, the environment of `summit report`, and
the coordinator's socket. Each gets a clear one-line error (on the socket: an
error frame, or the connection is dropped) and changes nothing, while a study
runs beside them on a real coordinator and worker and must end exactly as if
they had not been sent.

Every row is (surface, what is sent, what the answer must contain)."""

import math
import os
import random
import subprocess
import time
import unittest

import msgpack
import zmq

from cluster import Cluster
from harness import SUMMIT, SummitTest, wait_for
from test_bad_input import GOOD

V = 1  # protocol version
OBSERVATION, ERROR, REGISTER, RUN_TRIAL, KILL_TRIAL, TRIAL_ENDED = 3, 5, 16, 17, 18, 19
HEARTBEAT, ENDED_ACK, OBSERVATIONS, REPLIES = 21, 22, 23, 24
SERVE_ALGORITHM, SUGGEST, SUGGESTIONS, ASK_TRIALS = 25, 26, 27, 28
RETIRED_STUDY_REQUEST, SUBMIT_STUDY, LIST_STUDIES, SHOW_STUDY = 30, 32, 33, 34
UNKNOWN_STUDY, INVALID_STUDY = 32, 37  # model::study_errc

VICTIM = """
name: victim
command: /usr/bin/python3 trial.py
objective: {goal: minimize}
algorithm: {name: random, max_trials: 8}
parameters:
  x: {type: continuous, range: [0, 1]}
"""

TRIAL = """
import time, summit
client = summit.Client()
trial = client.get_trial()
for i in range(5):
    time.sleep(0.15)
    client.send_metrics(trial, iteration=i, objective=trial.parameters["x"] + i)
"""


# ---- the study file, submitted to the coordinator: (name, bytes, message) ----
STUDY_FILES = [
    ("reversed range", GOOD.replace("[0, 1]", "[1, 0]"), "min 1 is greater than max 0"),
    ("unknown key", GOOD.replace("max_trials: 1", "max_trials: 1, foo: 2"), "algorithm.foo: unknown key"),
    ("placeholder without parameter", GOOD.replace(":x:", ":y:"), "placeholder :y: names no parameter"),
    ("unknown algorithm", GOOD.replace("random", "annealing"), "unknown algorithm 'annealing'"),
    ("duplicate key", GOOD + "  x: {type: choice, values: [a]}\n", "parameters.x: duplicate key"),
    ("not YAML", "name: [", "not valid YAML"),
    ("a 140,000-character value, past the kernel's limit for one argument",
     GOOD + "  c: {type: choice, values: [%s]}\n" % ("v" * 140000), "parameters.c: a value of 140000 bytes is past"),
    ("a grid of 2^64 points", GOOD.replace("name: random, max_trials: 1", "name: grid") + "".join(
        "  b%d: {type: choice, values: [true, false]}\n" % i for i in range(64)), "the grid has more than 2^64 points"),
    ("empty file", "", "expected a mapping, got nothing"),
    ("invalid UTF-8", GOOD.replace("name: ok", "name: ok\xff"), "UTF-8"),
    ("control character", GOOD.replace("name: ok", "name: o\x07k"), "control character"),
    ("terminal escape written as \\u001b", GOOD.replace("name: ok", 'name: "o\\u001b[31mk"'),
     "name: control character 0x1b (written as an escape)"),
    ("NUL written as \\u0000 in a choice", GOOD + '  c: {type: choice, values: ["a\\u0000b"]}\n',
     "control character 0x00 (written as an escape)"),
    ("NaN bound", GOOD.replace("[0, 1]", "[.nan, 1]"), "finite"),
    ("infinite bound", GOOD.replace("[0, 1]", "[0, .inf]"), "finite"),
    ("number too large for a double", GOOD.replace("[0, 1]", "[0, 1e400]"), "range"),
    ("negative max_trials", GOOD.replace("max_trials: 1", "max_trials: -3"), "max_trials"),
    ("billion laughs", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n" + GOOD,
     "unknown key"),
    ("log scale over zero", GOOD.replace("[0, 1]", "[0, 1], scale: log"), "log scale needs a positive range"),
]

# ---- the command line: (argv, exit code, message) ----
COMMAND_LINES = [
    (["frobnicate"], 2, "unknown command 'frobnicate'"),
    (["run"], 2, "study is required"),
    (["run", "study.yaml", "--wrokers", "2"], 2, "--wrokers"),
    (["run", "study.yaml", "--workers", "0"], 2, "--workers"),
    (["worker", "--slots", "abc"], 2, "--slots"),
    (["worker", "--slots", "0"], 2, "--slots"),
    (["coordinator", "--heartbeat", "0"], 2, "--heartbeat"),
    (["coordinator", "--max-frame-rate", "0"], 2, "--max-frame-rate"),
    (["coordinator", "--data", "OTHER", "--listen", "garbage"], 1, "cannot listen on garbage"),
    (["coordinator", "--data", "DATA"], 1, "in use by another Summit process"),
    (["study", "show", "abc"], 2, "id"),
    (["study", "show", "-1"], 2, "id"),
    (["study", "show", "18446744073709551615"], 2, "id"),
    (["study", "list", "--timeout", "0"], 2, "--timeout"),
    (["study", "list", "--coordinator", "garbage"], 1, "cannot reach the coordinator at garbage"),
    (["study", "export", "1", "--format", "xml"], 2, "--format"),
    (["study", "show", "99999", "COORDINATOR"], 1, "no study 99999"),
    (["study", "stop", "99999", "COORDINATOR"], 1, "no study 99999"),
    (["study", "stop", "1", "--data", "DATA"], 2, "not expected"),
    (["keygen", "../escape"], 1, "no path"),
    (["worker", "--key", "nowhere.key_secret", "--coordinator-key", "nowhere.key"], 1, "cannot read the key file"),
]

# ---- the environment of `summit report`: (env, argv, exit code, message) ----
NO_WORKER = "tcp://127.0.0.1:9"
REPORTS = [
    ({}, ["--iteration", "1", "--objective", "1"], 2, "not inside a Summit trial"),
    ({"SUMMIT_ENDPOINT": "garbage", "SUMMIT_TRIAL_ID": "1"}, ["--iteration", "1", "--objective", "1"], None,
     "SUMMIT_ENDPOINT is not an address Summit can reach: 'garbage'"),
    ({"SUMMIT_ENDPOINT": NO_WORKER, "SUMMIT_TRIAL_ID": "abc"}, ["--iteration", "1", "--objective", "1"], None,
     "SUMMIT_TRIAL_ID"),
    ({"SUMMIT_ENDPOINT": NO_WORKER, "SUMMIT_TRIAL_ID": "-5"}, ["--iteration", "1", "--objective", "1"], None,
     "SUMMIT_TRIAL_ID"),
    ({"SUMMIT_ENDPOINT": NO_WORKER, "SUMMIT_TRIAL_ID": "99999999999999999999999"},
     ["--iteration", "1", "--objective", "1"], None, "SUMMIT_TRIAL_ID"),
    ({"SUMMIT_ENDPOINT": NO_WORKER, "SUMMIT_TRIAL_ID": "1", "SUMMIT_TIMEOUT": "soon"},
     ["--iteration", "1", "--objective", "1"], None, "SUMMIT_TIMEOUT"),
    ({"SUMMIT_ENDPOINT": NO_WORKER, "SUMMIT_TRIAL_ID": "1", "SUMMIT_TIMEOUT": "nan"},
     ["--iteration", "1", "--objective", "1"], None, "SUMMIT_TIMEOUT"),
    ({"SUMMIT_ENDPOINT": NO_WORKER, "SUMMIT_TRIAL_ID": "1", "SUMMIT_TIMEOUT": "-1"},
     ["--iteration", "1", "--objective", "1"], None, "SUMMIT_TIMEOUT"),
    ({"SUMMIT_ENDPOINT": NO_WORKER, "SUMMIT_TRIAL_ID": "1", "SUMMIT_TIMEOUT": "0.3"},
     ["--iteration", "1", "--objective", "1"], 1, "no answer from the Summit worker"),
    ({}, ["--iteration", "1", "--objective", "abc"], 2, "--objective"),
    ({}, ["--iteration", "-1", "--objective", "1"], 2, "--iteration must be between 0 and"),
    ({}, ["--iteration", "99999999999999999999", "--objective", "1"], 2, "--iteration must be between 0 and"),
    ({}, ["--iteration", "1", "--objective", "inf"], 2, "--objective must be a finite number"),
    ({}, ["--iteration", "1", "--context", "acc"], 2, "--context takes name=value"),
]


def frame(kind, body, version=V):
    return msgpack.packb([version, kind, body])


def observation(trial, iteration, objective=None, context=None):
    body = {"trial": trial, "iteration": iteration}
    if objective is not None:
        body["objective"] = objective
    if context is not None:
        body["context"] = context
    return body


class HostileInputs(SummitTest):
    def setUp(self):
        super().setUp()
        # The hand-made intruder does not send heartbeats between its frames;
        # a long timeout keeps it registered while the table runs.
        self.cluster = Cluster(self, timeout=60.0)
        self.cluster.start_coordinator()
        self.context = zmq.Context()
        self.sockets = []

    def tearDown(self):
        for s in self.sockets:
            s.close(linger=0)
        self.context.term()
        self.cluster.stop()
        super().tearDown()

    # -- helpers ---------------------------------------------------------------

    def dealer(self, name):
        s = self.context.socket(zmq.DEALER)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt(zmq.IDENTITY, ("%s/%d" % (name, random.randrange(1 << 30))).encode())
        s.connect(self.cluster.address)
        self.sockets.append(s)
        return s

    def receive(self, s, want=None, timeout=5.0):
        """The next frame (of kind `want`), or None; heartbeats are skipped."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not s.poll(int(max(1, (deadline - time.monotonic()) * 1000))):
                return None
            message = msgpack.unpackb(s.recv(), raw=False, strict_map_key=False)
            if message[1] == HEARTBEAT or (want is not None and message[1] != want):
                continue
            return message
        return None

    def answer(self, s, raw):
        """What the coordinator answers a frame: an error code, the kind of
        another reply, or None when the frame is dropped."""
        s.send(raw)
        reply = self.receive(s, timeout=3.0)
        if reply is None:
            return None
        return ("error", reply[2]["code"]) if reply[1] == ERROR else ("kind", reply[1])

    def one_line_error(self, proc, message):
        lines = proc.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertIn(message, lines[0])

    # -- the table ---------------------------------------------------------------

    def test_every_hostile_input_is_refused_and_the_study_beside_them_ends_untouched(self):
        self.write("trial.py", TRIAL)
        tried = 0

        # A hostile worker joins first, so that it owns a trial of the victim
        # study: then its bad observations are refused for what they hold,
        # not for whose they are.
        intruder = self.dealer("worker/intruder")
        intruder.send(frame(REGISTER, {"name": "intruder", "slots": 1, "resources": [], "running": [], "ended": []}))
        self.assertIsNotNone(self.receive(intruder, want=20), "the intruder could not register")
        study = self.cluster.submit(self.write("victim.yaml", VICTIM))
        run = self.receive(intruder, want=RUN_TRIAL, timeout=10)
        self.assertIsNotNone(run, "no trial was handed to the intruder")
        mine = run[2]["trial"]
        self.cluster.start_worker("honest", slots=2)
        self.assertTrue(wait_for(lambda: any(t["worker"] == "honest" and t["status"] == "RUNNING"
                                             for t in self.cluster.show(study)["trials"]), timeout=20))
        theirs = next(t["id"] for t in self.cluster.show(study)["trials"]
                      if t["worker"] == "honest" and t["status"] == "RUNNING")

        stranger = self.dealer("stranger")
        listing = {"archived": False}
        socket_cases = [
            # (name, socket, frame, expected answer)
            ("random bytes", stranger, b"\xc1" + bytes(random.Random(7).randrange(256) for _ in range(63)), ("error", 1)),
            ("empty frame", stranger, b"", ("error", 1)),
            ("truncated msgpack", stranger, frame(LIST_STUDIES, listing)[:-4], ("error", 1)),
            ("not an array", stranger, msgpack.packb({"version": 1}), ("error", 1)),
            ("body of the wrong type", stranger, frame(LIST_STUDIES, "list"), ("error", 1)),
            ("field of the wrong type", stranger, frame(LIST_STUDIES, {"archived": 5}), ("error", 5)),
            ("unknown version", stranger, frame(LIST_STUDIES, listing, version=9), ("error", 2)),
            ("unknown kind", stranger, frame(99, {}), ("error", 3)),
            ("1 GiB length prefix", stranger, b"\x93\x01\x21\xdb\x40\x00\x00\x00" + b"x" * 16, ("error", 1)),
            ("deeply nested maps", stranger, b"\x93\x01\x21" + b"\x81\xa1k" * 10000 + b"\xc0", ("error", 4)),
            ("a list of a million entries", stranger, b"\x93\x01\x21\xdd\x00\x0f\x42\x40", ("error", 4)),
            ("unknown study", stranger, frame(SHOW_STUDY, {"study": 99999}), ("error", UNKNOWN_STUDY)),
            ("a study request of an earlier release", stranger,
             frame(RETIRED_STUDY_REQUEST, {"command": "rm -rf", "study": 0, "args": {}}), ("error", 3)),
            ("study id past 2^63", stranger, frame(SHOW_STUDY, {"study": 2**64 - 1}), ("error", 5)),
            ("submit of a bad study file", stranger,
             frame(SUBMIT_STUDY, {"text": "name: [", "source": "x.yaml", "workdir": "/tmp"}), ("error", INVALID_STUDY)),
            ("observation before registering", stranger, frame(OBSERVATION, observation(mine, 1, 1.0)), ("error", 11)),
            ("heartbeat before registering", stranger, frame(HEARTBEAT, {}), ("error", 11)),
            ("a reply kind sent as a request", intruder, frame(ENDED_ACK, {"trial": mine}), ("error", 3)),
            ("negative iteration", intruder, frame(OBSERVATION, observation(mine, -1, 1.0)), ("error", 5)),
            ("iteration past 2^53", intruder, frame(OBSERVATION, observation(mine, 2**60, 1.0)), ("error", 5)),
            ("infinite objective", intruder, frame(OBSERVATION, observation(mine, 1, math.inf)), ("error", 5)),
            ("minus infinite objective", intruder, frame(OBSERVATION, observation(mine, 1, -math.inf)), ("error", 5)),
            ("objective as a string", intruder, frame(OBSERVATION, observation(mine, 1, "0.5")), ("error", 5)),
            ("context with 5,000 keys", intruder,
             frame(OBSERVATION, observation(mine, 1, 1.0, {str(i): 1.0 for i in range(5000)})), ("error", 4)),
            ("context of 1,001 new names, past max_context_names", intruder,
             frame(OBSERVATION, observation(mine, 1, 1.0, {"n%d" % i: 1.0 for i in range(1001)})), ("error", 13)),
            ("context name of 1 KiB", intruder, frame(OBSERVATION, observation(mine, 1, 1.0, {"k" * 1024: 1.0})),
             ("error", 4)),
            ("batch of 5,000 observations", intruder,
             frame(OBSERVATIONS, {"items": [observation(mine, i, 1.0) for i in range(5000)]}), ("error", 4)),
            ("observation for an unknown trial", intruder, frame(OBSERVATION, observation(10**9, 1, 1.0)),
             ("error", 6)),
            ("observation for another worker's trial", intruder, frame(OBSERVATION, observation(theirs, 3, -100.0)),
             ("error", 6)),
            ("trial end with signal 999", intruder,
             frame(TRIAL_ENDED, {"trial": mine, "exit_code": 0, "signal": 999}), ("error", 5)),
            ("trial end whose last observation is another trial's", intruder,
             frame(TRIAL_ENDED, {"trial": mine, "exit_code": 0, "signal": 0, "last": observation(theirs, 1, 1.0)}),
             ("error", 5)),
            ("trial end whose last observation is infinite", intruder,
             frame(TRIAL_ENDED, {"trial": mine, "exit_code": 0, "signal": 0, "last": observation(mine, 1, math.inf)}),
             ("error", 5)),
            ("ask for no trial", intruder, frame(ASK_TRIALS, {"count": 0}), ("error", 5)),
            ("ask for 2^40 trials", intruder, frame(ASK_TRIALS, {"count": 2**40}), ("error", 5)),
            ("ask for trials before registering", stranger, frame(ASK_TRIALS, {"count": 1}), ("error", 11)),
            ("register with 2^40 slots", self.dealer("worker/greedy"),
             frame(REGISTER, {"name": "greedy", "slots": 2**40, "resources": [], "running": [], "ended": []}),
             ("error", 5)),
            ("register with a 100 KB name", self.dealer("worker/long"),
             frame(REGISTER, {"name": "n" * 100000, "slots": 1, "resources": [], "running": [], "ended": []}),
             ("error", 4)),
            ("frame over 1 MiB (the connection is dropped)", self.dealer("big"), b"\x00" * ((1 << 20) + 16), None),
            ("serving an unknown study's algorithm", self.dealer("algorithm/a"),
             frame(SERVE_ALGORITHM, {"study": 99999, "name": "a"}), ("error", 15)),
            ("serving a study whose algorithm is not external", self.dealer("algorithm/b"),
             frame(SERVE_ALGORITHM, {"study": study, "name": "b"}), ("error", 15)),
            ("serving with a 200-byte name", self.dealer("algorithm/c"),
             frame(SERVE_ALGORITHM, {"study": study, "name": "c" * 200}), ("error", 4)),
            ("suggestions from a process that serves nothing", stranger,
             frame(SUGGESTIONS, {"study": study, "items": [{"x": 0.5}], "done": False}), ("error", 11)),
            ("a suggest request sent to the coordinator", stranger, frame(SUGGEST, {"study": study, "count": 1}),
             ("error", 11)),
        ]
        for name, s, raw, expected in socket_cases:
            with self.subTest(surface="socket", case=name):
                self.assertEqual(self.answer(s, raw), expected)
            tried += 1

        # A NaN objective is a model that diverged: stored and acknowledged
        # (PRODUCT.md §5, protocol/README.md), not refused.
        self.assertEqual(self.answer(intruder, frame(OBSERVATION, observation(mine, 0, math.nan))), ("kind", 4))

        # Claiming another worker's running trial: the coordinator tells the
        # claimer to kill it, and the trial stays with its own worker. (No
        # slots this time: the slot its own trial frees below must not take a
        # trial of the victim that this stub would never run.)
        intruder.send(frame(REGISTER, {"name": "intruder", "slots": 0, "resources": [],
                                       "running": [mine, theirs], "ended": []}))
        # kill_trial and registered come from two actors: either may be first.
        answers = {}
        for _ in range(2):
            reply = self.receive(intruder)
            self.assertIsNotNone(reply, "a claim of another worker's trial must be answered: %s" % answers)
            answers[reply[1]] = reply
        self.assertEqual(sorted(answers), [KILL_TRIAL, 20])
        self.assertEqual(answers[KILL_TRIAL][2]["trial"], theirs)
        # Its end reported by the intruder is not its end.
        self.assertEqual(self.answer(intruder, frame(TRIAL_ENDED, {"trial": theirs, "exit_code": 1, "signal": 0})),
                         ("kind", ENDED_ACK))
        # The intruder ends its own trial; observations after that are refused.
        self.assertEqual(self.answer(intruder, frame(TRIAL_ENDED, {"trial": mine, "exit_code": 0, "signal": 0})),
                         ("kind", ENDED_ACK))
        self.assertEqual(self.answer(intruder, frame(OBSERVATION, observation(mine, 2, 1.0))), ("error", 7))
        tried += 3

        for name, text, message in STUDY_FILES:
            with self.subTest(surface="study file", case=name):
                path = self.path("bad.yaml")
                with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
                    f.write(text.replace("\xff", "\udcff"))
                proc = self.cluster.study("submit", path, check=False)
                # Checked before it leaves this machine: the coordinator never sees it.
                self.assertEqual(proc.returncode, 2, proc.stderr)
                self.one_line_error(proc, message)
            tried += 1

        for argv, code, message in COMMAND_LINES:
            with self.subTest(surface="command line", argv=argv):
                argv = [{"DATA": self.data, "OTHER": self.path("other")}.get(a, a) for a in argv]
                if argv[-1] == "COORDINATOR":
                    argv = argv[:-1] + ["--coordinator", self.cluster.address]
                proc = self.summit(*argv, timeout=30)
                self.assertEqual(proc.returncode, code, proc.stderr)
                self.one_line_error(proc, message)
            tried += 1

        for env, argv, code, message in REPORTS:
            with self.subTest(surface="summit report", env=env, argv=argv):
                clean = {k: v for k, v in os.environ.items() if not k.startswith("SUMMIT_")}
                proc = subprocess.run([SUMMIT, "report"] + argv, env=dict(clean, **env), capture_output=True,
                                      text=True, timeout=30)
                self.assertEqual(proc.returncode, code if code is not None else proc.returncode or 1)
                self.assertNotEqual(proc.returncode, 0)
                self.one_line_error(proc, message)
            tried += 1

        # Meanwhile the coordinator kept serving: the study ends as if none of
        # this had happened.
        final = self.cluster.wait_state(study, "FINISHED")
        self.assertIsNone(self.cluster.coordinator.poll(), "the coordinator died")
        self.assertEqual(final["counts"]["COMPLETED"], 8, final)
        rows = self.cluster.export(study)
        for t in final["trials"]:
            iterations = sorted(r["Iteration"] for r in rows if r["Trial-ID"] == t["id"] and r["Status"] == "INTERMEDIATE")
            expected = [0] if t["id"] == mine else [0, 1, 2, 3, 4]
            self.assertEqual(iterations, expected, "trial %d (%s)" % (t["id"], t["worker"]))
        self.assertEqual([s["name"] for s in self.cluster.study_list()], ["victim"])
        print("\nhostile inputs tried: %d, coordinator crashes: 0, stored by mistake: 0" % tried)
        self.assertGreaterEqual(tried, 40)

    def test_a_flooding_connection_is_rate_limited_and_the_others_are_served(self):
        self.cluster.stop()
        self.cluster = Cluster(self, coordinator_extra=["--max-frame-rate", "50"])
        self.cluster.start_coordinator()
        flood = self.dealer("flood")
        for _ in range(2000):
            flood.send(frame(HEARTBEAT, {}))
        codes = []
        while True:
            reply = self.receive(flood, timeout=1.0)
            if reply is None:
                break
            codes.append(reply[2]["code"])
        self.assertLessEqual(codes.count(11), 60)  # the burst, answered: not registered
        self.assertIn(12, codes)                   # then: rate_limited, once
        self.assertLessEqual(codes.count(12), 3)
        started = time.monotonic()
        self.assertEqual(self.cluster.study("list", check=None).returncode, 0)
        self.assertLess(time.monotonic() - started, 5)
        with open(self.path("coordinator.log")) as f:
            self.assertIn("dropping frames from flood/", f.read())


if __name__ == "__main__":
    unittest.main()
