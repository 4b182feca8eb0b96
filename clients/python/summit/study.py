"""SHERPA's API mode: a study whose trials run in this process (or in many
processes at once), as with sherpa.Study, on a Summit coordinator.

    import summit
    from summit.algorithms import RandomSearch

    study = summit.Study(parameters=[summit.Continuous("lr", [1e-4, 1e-1], "log"),
                                     summit.Choice("act", ["relu", "tanh"])],
                         algorithm=RandomSearch(max_num_trials=20), lower_is_better=True)
    for trial in study:
        for epoch in range(1, 11):
            loss = train(trial.parameters, epoch)
            study.add_observation(trial, iteration=epoch, objective=loss)
            if study.should_trial_stop(trial):
                break
        study.finalize(trial)
    print(study.get_best_result())

Without `coordinator=` it runs on summit.local(output_dir or
"./summit-data") with no worker; `summit.connect(...).study(id)` joins an
existing study, from as many processes and machines as you like. Optuna's
ask() and tell() are there too.
"""

import contextlib
import math
import random
import time

from .asktell import AskTellClient
from .coordinator import Connection, connect
from .errors import SummitError, SummitUnavailable

__all__ = ["Study", "Continuous", "Discrete", "Choice", "Ordinal"]

_ENDED = ("FINISHED", "STOPPED", "KILLED")


class _Parameter:
    kind = None

    def __init__(self, name, range, scale="linear", when=None):
        self.name = str(name)
        self.range = list(range)
        self.scale = scale
        # {parent: value or [values]}: the parameter exists only when each
        # parent is active and holds one of them (the study file's `when:`).
        self.when = {str(k): list(v) if isinstance(v, (list, tuple)) else [v] for k, v in (when or {}).items()}

    def spec(self):
        if self.kind in ("choice", "ordinal"):
            out = {"type": self.kind, "values": self.range}
        elif len(self.range) != 2:
            raise SummitError(0, "parameter %r: range must be [min, max], got %r" % (self.name, self.range))
        else:
            out = {"type": self.kind, "range": self.range, "scale": self.scale}
        if self.when:
            out["when"] = {parent: {"in": values} for parent, values in self.when.items()}
        return out

    def active(self, point, parameters, _depth=0):
        """Whether the parameter has a value in `point` (a dict of values)
        under its conditions; `parameters`: every parameter of the study."""
        by_name = {p.name: p for p in parameters}
        if _depth > len(parameters):  # a cycle, which a study file refuses
            return False
        for parent, values in self.when.items():
            p = by_name.get(parent)
            if p is None or point.get(parent) not in values or not p.active(point, parameters, _depth + 1):
                return False
        return True

    def sample(self, rng=random):
        """A random value of the parameter (uniform in its scale)."""
        if self.kind in ("choice", "ordinal"):
            return rng.choice(self.range)
        low, high = float(self.range[0]), float(self.range[1])
        u = rng.random()
        if self.scale == "log":
            x = math.exp(math.log(low) + u * (math.log(high) - math.log(low)))
        elif self.scale == "reverse_log":  # dense near high: 1 - x is log-scaled
            x = high + low - math.exp(math.log(low) + u * (math.log(high) - math.log(low)))
        else:
            x = low + u * (high - low)
        if self.kind == "discrete":
            return min(int(high), max(int(low), int(round(x))))
        return min(high, max(low, x))

    @classmethod
    def from_space(cls, entry):
        """The parameter of an entry of `Connection.show(id)[1]`."""
        kind = {"continuous": Continuous, "discrete": Discrete, "choice": Choice, "ordinal": Ordinal}[entry["type"]]
        when = entry.get("when")
        if kind in (Choice, Ordinal):
            return kind(entry["name"], list(entry["values"]), when=when)
        low, high = entry["range"]
        if kind is Discrete:
            low, high = int(low), int(high)
        return kind(entry["name"], [low, high], entry.get("scale", "linear"), when=when)

    def __repr__(self):
        return "%s(%r, %r)" % (type(self).__name__, self.name, self.range)


class Continuous(_Parameter):
    """A real number in range [min, max], scale linear, log or reverse_log."""
    kind = "continuous"


class Discrete(_Parameter):
    """An integer in range [min, max], scale linear or log."""
    kind = "discrete"


class Choice(_Parameter):
    """One of the values in range, unordered."""
    kind = "choice"

    def __init__(self, name, range, when=None):
        super().__init__(name, range, when=when)


class Ordinal(_Parameter):
    """One of the values in range, in that order."""
    kind = "ordinal"

    def __init__(self, name, range, when=None):
        super().__init__(name, range, when=when)


class Study:
    """SHERPA's Study (parameters, algorithm, lower_is_better, stopping_rule,
    dashboard_port, output_dir), run by a Summit coordinator: `coordinator`
    (an address or a summit.Connection) or, without one, a private local one
    keeping its data in output_dir (default ./summit-data). An algorithm of
    your own (a summit.algorithms.Algorithm with get_suggestion) is served
    from a thread of this object while it is open."""

    def __init__(self, parameters, algorithm, lower_is_better=True, stopping_rule=None, dashboard_port=None,
                 disable_dashboard=False, output_dir=None, coordinator=None, name=None, max_concurrent=None,
                 retries=None, timeout=60, objectives=None, constraints=None):
        spec = {"name": name or "study-%d" % int(time.time() * 1000),
                "objective": {"metric": "objective", "goal": "minimize" if lower_is_better else "maximize"},
                "algorithm": algorithm.study_section(),
                "parameters": {p.name: p.spec() for p in parameters}}
        if objectives:  # [(metric, "minimize" | "maximize")]: several, instead of lower_is_better
            del spec["objective"]
            spec["objectives"] = [{"metric": str(m), "goal": str(g)} for m, g in objectives]
        if constraints:  # [{"metric": ..., "min": ..., "max": ...}]
            spec["constraints"] = [dict(c) for c in constraints]
        if stopping_rule is not None:
            spec["stopping"] = stopping_rule.section
        if max_concurrent is not None:
            spec["max_concurrent"] = max_concurrent
        if retries is not None:
            spec["retries"] = retries
        self._stack = contextlib.ExitStack()
        try:
            if coordinator is None:
                from ._local import local
                port = None if disable_dashboard or dashboard_port is None else dashboard_port
                self.connection = self._stack.enter_context(local(output_dir or "summit-data", slots=0,
                                                                  dashboard_port=port))
            else:
                self.connection = coordinator if isinstance(coordinator, Connection) else connect(coordinator)
            self.id = self.connection.submit(spec)
            own = getattr(algorithm, "inner", algorithm)  # Repeat(MyAlgorithm()) serves MyAlgorithm
            if own.is_external:
                from .serving import AlgorithmServer
                self.algorithm_server = AlgorithmServer(self.connection, self.id, own).start()
                self._stack.callback(self.algorithm_server.close)
            self._client = AskTellClient(self.connection, self.id, timeout=timeout)
        except BaseException:
            self._stack.close()
            raise
        self.lower_is_better = lower_is_better

    @classmethod
    def attach(cls, connection, study_id, timeout=60):
        """The Study object of an existing study (summit.Connection.study)."""
        self = cls.__new__(cls)
        self._stack = contextlib.ExitStack()
        self.connection = connection
        info, _, _ = connection.show(study_id)  # refuses an unknown id
        self.id = study_id
        self.lower_is_better = info.goal == "minimize"
        self._client = AskTellClient(connection, study_id, timeout=timeout)
        return self

    # ---- SHERPA ----

    def __iter__(self):
        while True:
            trial = self.get_suggestion()
            if trial is None:
                return
            yield trial

    def get_suggestion(self, timeout=None):
        """The next trial (.id, .parameters), or None once the study has
        ended (its algorithm is done and every trial has ended)."""
        return self._client.ask(timeout=timeout, ended=self._ended)

    def add_observation(self, trial, objective=None, iteration=1, context=None):
        """Stores one observation durably (SHERPA's argument order; use
        keywords). Returns True when the trial should stop."""
        return self._client.report(trial, iteration, objective, context)

    def should_trial_stop(self, trial):
        """Whether the stopping rule (or a user's stop) asked the trial to stop."""
        return self._client.should_stop(trial)

    def finalize(self, trial, status="COMPLETED"):
        """Ends the trial: COMPLETED, FAILED or STOPPED."""
        self._client.tell(trial, status)

    def get_best_result(self):
        """The best COMPLETED trial: {"Trial-ID", "Iteration", "Objective", parameters...}."""
        best = self.connection.best(self.id)
        return dict({"Trial-ID": best.id, "Iteration": best.last_iteration, "Objective": best.objective},
                    **best.parameters)

    @property
    def results(self):
        """SHERPA's results table (a DataFrame with pandas, else a list of dicts)."""
        return self.connection.results(self.id)

    # ---- Optuna ----

    def ask(self, timeout=None):
        """The next trial, or None once the study has ended."""
        return self.get_suggestion(timeout)

    def tell(self, trial, value=None, state=None):
        """Ends the trial with its value: COMPLETED with a value, FAILED
        without one (or the state given). With several objectives, `value`
        is the list of their values in the study's order (Optuna's
        `values`)."""
        last = None  # the value, stored with the end in one write
        if isinstance(value, (list, tuple)):
            metrics = self._objective_metrics()
            if len(value) != max(len(metrics), 1):
                raise ValueError("study %d has %d objective(s), got %d values" % (self.id, max(len(metrics), 1), len(value)))
            last = (0, value[0], dict(zip(metrics[1:], value[1:])))
        elif value is not None:
            last = (0, value, None)
        self._client.tell(trial, state or ("COMPLETED" if value is not None else "FAILED"), last=last)

    def pareto_front(self):
        """With several objectives, the trials no other beats in all of them
        (summit.Run, best first under the first objective)."""
        return self.connection.pareto_front(self.id)

    # ----

    def _objective_metrics(self):
        if getattr(self, "_metrics", None) is None:
            self._metrics = [m for m, _ in self.connection.show(self.id)[0].objectives]
        return self._metrics

    def _ended(self):
        try:
            studies = self.connection.studies(archived=True)
        except SummitUnavailable:  # away (restarting): the study goes on
            return False
        for s in studies:
            if s.id == self.id:
                return s.state in _ENDED and not s.counts.get("RUNNING", 0)
        return True

    def close(self):
        """Leaves the study (and stops its algorithm's server and the local
        coordinator, if it started them)."""
        self._client.close()
        self._stack.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return "Study(id=%d, coordinator=%r)" % (self.id, self.connection.coordinator)
