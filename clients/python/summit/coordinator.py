"""A connection to a Summit coordinator: the study commands of `summit
study ...` from Python, and Spell-style searches on top (`.hyper`)."""

import json
import os

import zmq
import zmq.auth

from . import _wire
from .errors import SummitError, SummitUnavailable

__all__ = ["Connection", "connect", "StudyInfo", "Run"]


def _ids(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**63:
        raise SummitError(0, "%s must be a positive integer, got %r" % (what, value))
    return value


class Run:
    """One trial of a study: id, status ("RUNNING", "COMPLETED", "FAILED" or
    "STOPPED"), parameters, objective (its value under the study's aggregate,
    None before any observation), last_iteration, worker and reason."""

    def __init__(self, row):
        self.id = row["id"]
        self.status = _wire.TRIAL_STATUS.get(row["status"], str(row["status"]))
        self.parameters = dict(row["parameters"])
        self.objective = row.get("objective")
        self.last_iteration = row.get("last_iteration")
        self.worker = row.get("worker", "")
        self.reason = row.get("reason", "")
        # Several objectives: each one's value (None: not reported).
        self.objectives = row.get("objectives")
        # A constrained study: how far its bounds are passed (0: feasible;
        # inf: a constraint's metric was not reported). None otherwise.
        self.violation = None
        if "violation" in row:
            self.violation = float("inf") if row["violation"] is None else row["violation"]
        self.feasible = None if self.violation is None else self.violation == 0

    def __repr__(self):
        return "Run(id=%d, status=%s, objective=%r, parameters=%r)" % (
            self.id, self.status, self.objective, self.parameters)


class StudyInfo:
    """A study's summary: id, name, state ("RUNNING", "FINISHED", ...),
    archived, counts (per trial status), planned (trials, or None), metric,
    goal, best (None or {"trial", "objective", "parameters"}), observations,
    waiting (what a running study waits for: its algorithm process, or
    clients to run its trials; empty when nothing)."""

    def __init__(self, summary):
        self.id = summary["id"]
        self.name = summary["name"]
        self.state = _wire.STUDY_STATE.get(summary["state"], str(summary["state"]))
        self.archived = bool(summary["archived"])
        self.counts = {k.upper(): v for k, v in summary["counts"].items()}
        self.planned = summary.get("planned")
        self.metric = summary["metric"]
        self.goal = _wire.GOAL.get(summary["goal"], str(summary["goal"]))
        self.best = summary.get("best")
        self.observations = summary.get("observations", 0)
        self.waiting = summary.get("waiting", "")  # what a running study waits for outside the coordinator
        # Several objectives: [(metric, goal)], and how many trials are on the Pareto front.
        self.objectives = [(m, _wire.GOAL.get(g, str(g))) for m, g in summary.get("objectives", [])]
        self.front = summary.get("front", 0)

    def __repr__(self):
        return "StudyInfo(id=%d, name=%r, state=%s, counts=%r)" % (self.id, self.name, self.state, self.counts)


def _certificate(path, what):
    try:
        public, secret = zmq.auth.load_certificate(os.path.expanduser(path))
    except (OSError, ValueError) as e:
        raise SummitError(0, "%s %s cannot be read: %s" % (what, path, e))
    return public, secret


class Connection(_wire.SocketHolder):
    """Sends study commands to one coordinator. Made by summit.connect() or
    summit.local(); every method raises SummitError with the coordinator's
    code and message when it refuses, SummitUnavailable when it does not
    answer within `timeout` seconds."""

    def __init__(self, coordinator, key=None, coordinator_key=None, timeout=5.0):
        self.coordinator = coordinator
        self.timeout = float(timeout)
        if not self.timeout > 0:
            raise SummitError(0, "timeout must be a positive number of seconds, got %r" % timeout)
        if (key is None) != (coordinator_key is None):
            raise SummitError(0, "key and coordinator_key go together: give both or neither")
        self._curve = None
        if key is not None:
            public, secret = _certificate(key, "key")
            if secret is None:
                raise SummitError(0, "key %s has no secret key (give NAME.key_secret)" % key)
            server, _ = _certificate(coordinator_key, "coordinator_key")
            self._curve = (public, secret, server)
        self._context = zmq.Context.instance()
        self._socket = None
        from .hyper import HyperService  # the searches use this connection
        self.hyper = HyperService(self)

    def __repr__(self):
        return "Connection(%r)" % self.coordinator

    def copy(self):
        """Another connection to the same coordinator with the same keys
        (a socket of its own, for another thread)."""
        other = Connection.__new__(Connection)
        other.coordinator, other.timeout, other._curve = self.coordinator, self.timeout, self._curve
        other._context, other._socket = self._context, None
        from .hyper import HyperService
        other.hyper = HyperService(other)
        return other

    # ---- the study commands ----

    def submit(self, study, workdir=None):
        """Submits a study: a dict as a study file holds it, or the path of a
        study file (YAML or JSON). Returns the new study's id. Its trials run
        in `workdir` (default: the study file's directory, or the current one)."""
        if isinstance(study, dict):
            text, source = json.dumps(study), "study from Python"
            workdir = workdir or os.getcwd()
        else:
            path = os.fspath(study)
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except OSError as e:
                raise SummitError(0, "cannot read the study file %s: %s" % (path, e.strerror))
            source = os.path.basename(path)
            workdir = workdir or os.path.dirname(os.path.abspath(path))
        body = self._ask(_wire.SUBMIT_STUDY, {"text": text, "source": source[:128], "workdir": os.path.abspath(workdir)},
                         _wire.STUDY_SUBMITTED)
        return body["study"]

    def studies(self, archived=False):
        """Every study (the archived ones too when asked), as StudyInfo."""
        body = self._ask(_wire.LIST_STUDIES, {"archived": bool(archived)}, _wire.STUDY_LIST)
        return [StudyInfo(s) for s in body["studies"]]

    def show(self, study_id):
        """A study's summary, search space and trials: (StudyInfo, space, [Run])."""
        body = self._ask(_wire.SHOW_STUDY, {"study": _ids(study_id, "study id")}, _wire.STUDY_DETAILS)
        return StudyInfo(body["summary"]), body["space"], [Run(t) for t in body["trials"]]

    def best(self, study_id):
        """The best COMPLETED trial as a Run (with .copies for a study that
        repeats configurations; with several objectives, the Pareto front's
        first, with .front: every Run of the front, best first under the
        first objective, and .metrics: the objectives' metrics)."""
        body = self._ask(_wire.SHOW_BEST, {"study": _ids(study_id, "study id")}, _wire.BEST_TRIAL)
        run = Run(body["trial"])
        run.copies = body.get("copies")
        run.metrics = body.get("metrics", [body["metric"]])
        run.front = [Run(t) for t in body.get("front", [body["trial"]])]
        return run

    def pareto_front(self, study_id):
        """The feasible COMPLETED trials no other beats in every objective, as
        Runs, best first under the first objective (one Run for a study with
        one objective)."""
        return self.best(study_id).front

    def metrics(self, study_id, metric=None):
        """A metric's series (the objective's by default): {trial id: [(iteration, value), ...]}."""
        body = {"study": _ids(study_id, "study id")}
        if metric:
            body["metric"] = str(metric)
        reply = self._ask(_wire.SHOW_METRICS, body, _wire.METRIC_SERIES)
        return {s["trial"]: [tuple(p) for p in s["points"]] for s in reply["series"]}

    def metric_names(self, study_id):
        """The study's metrics, the objective's first."""
        return list(self._ask(_wire.SHOW_METRICS, {"study": _ids(study_id, "study id")}, _wire.METRIC_SERIES)["names"])

    def results(self, study_id):
        """The results table (SHERPA's layout: Trial-ID, Status, Iteration,
        Objective, the parameters, the context metrics): a pandas DataFrame
        when pandas is installed, else a list of dicts (None where empty)."""
        columns, rows = [], []
        after, snapshot = 0, 0
        while True:
            body = {"study": _ids(study_id, "study id"), "page_values": 250000, "after": after, "snapshot": snapshot}
            page = self._ask(_wire.EXPORT_RESULTS, body, _wire.RESULTS)
            columns = page["columns"]
            for cells in page["rows"]:
                row = dict.fromkeys(columns)
                for i in range(0, len(cells), 2):
                    row[columns[cells[i]]] = cells[i + 1]
                rows.append(row)
            after, snapshot = page.get("next_after", 0), page.get("snapshot", 0)
            if not after:
                break
        try:
            import pandas
        except ImportError:
            return rows
        return pandas.DataFrame(rows, columns=columns)

    def importance(self, study_id, quantile=0.1):
        """Which parameters mattered (PED-ANOVA): {name: share}, most
        important first; SummitError(0, why) while the study cannot tell yet."""
        body = self._ask(_wire.SHOW_IMPORTANCE, {"study": _ids(study_id, "study id"), "quantile": float(quantile)},
                         _wire.IMPORTANCES)
        if body["note"]:
            raise SummitError(0, body["note"])
        return dict((name, share) for name, share in body["parameters"])

    def stop(self, study_id):
        """No new trials; running ones finish. Returns the StudyInfo after it."""
        return StudyInfo(self._ask(_wire.STOP_STUDY, {"study": _ids(study_id, "study id")}, _wire.STUDY_SUMMARY))

    def kill(self, study_id):
        """No new trials; running ones are stopped now."""
        return StudyInfo(self._ask(_wire.KILL_STUDY, {"study": _ids(study_id, "study id")}, _wire.STUDY_SUMMARY))

    def archive(self, study_id):
        """Hidden from studies() unless asked; nothing is deleted."""
        return StudyInfo(self._ask(_wire.ARCHIVE_STUDY, {"study": _ids(study_id, "study id")}, _wire.STUDY_SUMMARY))

    def stop_trial(self, study_id, trial_id):
        """Stops one running trial (it ends STOPPED)."""
        self._ask(_wire.STOP_TRIAL, {"study": _ids(study_id, "study id"), "trial": _ids(trial_id, "trial id")},
                  _wire.TRIAL_STOPPING)

    def serve_algorithm(self, study_id, algorithm):
        """Makes the suggestions of a study whose algorithm is `external`
        with `algorithm.get_suggestion(parameters, results, lower_is_better)`
        (summit.algorithms.Algorithm), until the study ends. Raises
        SummitError when the coordinator refuses it or one of its points."""
        from .serving import AlgorithmServer
        server = AlgorithmServer(self, _ids(study_id, "study id"), algorithm)
        try:
            server.run()
        finally:
            server.close()
        return server.served

    def study(self, study_id, timeout=60):
        """The summit.Study of an existing study: ask for its trials and run
        them here, beside any other process doing the same."""
        from .study import Study
        return Study.attach(self, _ids(study_id, "study id"), timeout=timeout)

    # ---- the wire ----

    def _ask(self, kind, body, expected_kind):
        if self._socket is None:
            self._socket = self._context.socket(zmq.REQ)
            self._socket.setsockopt(zmq.LINGER, 0)
            if self._curve:
                public, secret, server = self._curve
                self._socket.curve_publickey, self._socket.curve_secretkey = public, secret
                self._socket.curve_serverkey = server
            try:
                self._socket.connect(self.coordinator)
            except zmq.ZMQError as e:
                self.close()
                raise SummitError(0, "cannot reach the coordinator at %s: %s" % (self.coordinator, e))
        self._socket.send(_wire.frame(kind, body))
        if not self._socket.poll(int(self.timeout * 1000)):
            self.close()  # a REQ socket whose answer never came takes no other request
            raise SummitUnavailable("no answer from the coordinator at %s within %g s" % (self.coordinator, self.timeout))
        return _wire.body_of(self._socket.recv(), expected_kind, "the coordinator at " + self.coordinator)


def connect(coordinator=None, key=None, coordinator_key=None, timeout=5):
    """A connection to a coordinator: `coordinator` (default
    $SUMMIT_COORDINATOR, else tcp://127.0.0.1:7700); with CURVE keys, `key`
    (this client's NAME.key_secret, default $SUMMIT_KEY) and `coordinator_key`
    (the coordinator's public certificate, default $SUMMIT_COORDINATOR_KEY),
    as the command line takes them. Connecting sends nothing: the first
    command finds out whether the coordinator answers."""
    coordinator = coordinator or os.environ.get("SUMMIT_COORDINATOR") or "tcp://127.0.0.1:7700"
    key = key or os.environ.get("SUMMIT_KEY") or None
    coordinator_key = coordinator_key or os.environ.get("SUMMIT_COORDINATOR_KEY") or None
    return Connection(coordinator, key, coordinator_key, timeout)
