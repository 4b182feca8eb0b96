"""Searches as in Spell's hyperparameter API (`client.hyper`), on a Summit
coordinator: a grid, random or Bayesian search is a study whose trials run
the command on the coordinator's workers, each `:name:` in it replaced by
the trial's value.

    import summit
    from summit.hyper import RangeSpec, ValueSpec, LOG, INT

    client = summit.connect()                      # or: with summit.local("data") as client:
    search = client.hyper.new_random_search(
        {"lr": RangeSpec(1e-4, 1e-1, scaling=LOG), "units": RangeSpec(16, 256, type=INT),
         "act": ValueSpec(["relu", "tanh"])},
        num_runs=20, command="python3 train.py --lr :lr: --units :units: --act :act:",
        metric="val_loss", goal="minimize", max_concurrent=4)
    search.wait()
    print(search.best(), search.runs)
"""

import time

from .errors import SummitError

__all__ = ["RangeSpec", "ValueSpec", "HyperService", "HyperSearch", "LINEAR", "LOG", "REVERSE_LOG", "FLOAT", "INT"]

LINEAR = "linear"
LOG = "log"
REVERSE_LOG = "reverse_log"
FLOAT = "float"
INT = "int"

# Spell's metric_agg and Summit's own aggregate names: (aggregate, goal it implies or None).
_AGGREGATES = {"min": ("best", "minimize"), "max": ("best", "maximize"), "last": ("last", None),
               "avg": ("mean", None), "best": ("best", None), "mean": ("mean", None)}


def _number(value, what):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise SummitError(0, "%s must be a number, got %r" % (what, value))
    return value


class RangeSpec:
    """A numeric range: min, max, scaling (LINEAR, LOG or REVERSE_LOG) and
    type (FLOAT or INT)."""

    def __init__(self, min, max, scaling=LINEAR, type=FLOAT):
        self.min = _number(min, "RangeSpec min")
        self.max = _number(max, "RangeSpec max")
        if self.min > self.max:
            raise SummitError(0, "RangeSpec min %r is greater than max %r" % (min, max))
        if scaling not in (LINEAR, LOG, REVERSE_LOG):
            raise SummitError(0, "RangeSpec scaling must be linear, log or reverse_log, got %r" % (scaling,))
        if scaling != LINEAR and self.min <= 0:
            raise SummitError(0, "RangeSpec with %s scaling needs min > 0, got %r" % (scaling, min))
        if type not in (FLOAT, INT):
            raise SummitError(0, "RangeSpec type must be float or int, got %r" % (type,))
        if type == INT and (int(self.min) != self.min or int(self.max) != self.max):
            raise SummitError(0, "RangeSpec of type int needs whole min and max, got %r and %r" % (min, max))
        self.scaling = scaling
        self.type = type

    def spec(self):
        numbers = (int(self.min), int(self.max)) if self.type == INT else (float(self.min), float(self.max))
        return {"type": "discrete" if self.type == INT else "continuous", "range": list(numbers), "scale": self.scaling}

    def __repr__(self):
        return "RangeSpec(%r, %r, scaling=%r, type=%r)" % (self.min, self.max, self.scaling, self.type)


class ValueSpec:
    """Values to choose from: numbers, strings or booleans."""

    def __init__(self, values):
        values = list(values)
        if not values:
            raise SummitError(0, "ValueSpec needs at least one value")
        for v in values:
            if not isinstance(v, (int, float, str, bool)):
                raise SummitError(0, "ValueSpec values must be numbers, strings or booleans, got %r" % (v,))
        self.values = values

    def spec(self):
        return {"type": "choice", "values": self.values}

    def __repr__(self):
        return "ValueSpec(%r)" % (self.values,)


def _parameters(params, allowed):
    if not isinstance(params, dict) or not params:
        raise SummitError(0, "params must be a non-empty dict of name -> %s" % " or ".join(a.__name__ for a in allowed))
    out = {}
    for name, p in params.items():
        if not isinstance(p, allowed):
            raise SummitError(0, "parameter %r must be a %s, got %r" % (name, " or ".join(a.__name__ for a in allowed), p))
        out[str(name)] = p.spec()
    return out


class HyperService:
    """Spell's `client.hyper`: make, find, list and archive searches."""

    def __init__(self, connection):
        self._connection = connection

    def new_grid_search(self, params, **kwargs):
        """Every combination of the ValueSpecs' values (a RangeSpec takes
        `num_grid_points` points inside its range: 2 unless told, as SHERPA's grid)."""
        algorithm = {"name": "grid"}
        if "num_grid_points" in kwargs:
            algorithm["num_grid_points"] = kwargs.pop("num_grid_points")
        return self._submit(_parameters(params, (ValueSpec, RangeSpec)), algorithm, kwargs)

    def new_random_search(self, params, num_runs, **kwargs):
        """num_runs trials, each parameter drawn under its scale."""
        algorithm = {"name": "random", "max_trials": num_runs}
        if "seed" in kwargs:
            algorithm["seed"] = kwargs.pop("seed")
        return self._submit(_parameters(params, (ValueSpec, RangeSpec)), algorithm, kwargs)

    def new_bayesian_search(self, params, num_runs, parallel_runs=1, metric=None, metric_agg=None, **kwargs):
        """num_runs trials chosen by Gaussian-process Bayesian optimization,
        parallel_runs at a time (Summit's max_concurrent)."""
        algorithm = {"name": "bayesian", "max_trials": num_runs}
        if "seed" in kwargs:
            algorithm["seed"] = kwargs.pop("seed")
        kwargs.setdefault("max_concurrent", parallel_runs)
        return self._submit(_parameters(params, (RangeSpec, ValueSpec)), algorithm,
                            dict(kwargs, metric=metric, metric_agg=metric_agg))

    def get(self, search_id):
        """The search (study) of this id."""
        search = HyperSearch(self._connection, search_id)
        search.refresh()
        return search

    def list(self, archived=False):
        """Every search, as summit.StudyInfo (the archived ones when asked)."""
        return self._connection.studies(archived)

    def archive(self, search_id):
        self._connection.archive(search_id)

    def _submit(self, parameters, algorithm, options):
        command = options.pop("command", None)
        if not command or not isinstance(command, str):
            raise SummitError(0, "command is required: the command each run runs, with :name: for each parameter")
        metric = options.pop("metric", None) or "objective"
        goal = options.pop("goal", None)
        aggregate = None
        agg = options.pop("metric_agg", None)
        if agg is not None:
            if agg not in _AGGREGATES:
                raise SummitError(0, "metric_agg must be one of %s, got %r" % (", ".join(_AGGREGATES), agg))
            aggregate, implied = _AGGREGATES[agg]
            if implied and goal and goal != implied:
                raise SummitError(0, "metric_agg %r means goal %r, but goal is %r" % (agg, implied, goal))
            goal = goal or implied
        goal = goal or "minimize"
        if goal not in ("minimize", "maximize"):
            raise SummitError(0, "goal must be minimize or maximize, got %r" % (goal,))
        objective = {"metric": metric, "goal": goal}
        if aggregate:
            objective["aggregate"] = aggregate
        study = {"name": options.pop("name", None) or "search-%d" % int(time.time() * 1000),
                 "command": command, "objective": objective, "algorithm": algorithm, "parameters": parameters}
        for key in ("max_concurrent", "retries", "stopping", "max_context_names", "enqueue"):
            if options.get(key) is not None:
                study[key] = options.pop(key)
            else:
                options.pop(key, None)
        workdir = options.pop("workdir", None)
        if options:
            raise SummitError(0, "unknown keyword argument%s: %s" % ("s" if len(options) > 1 else "",
                                                                     ", ".join(sorted(options))))
        search = HyperSearch(self._connection, self._connection.submit(study, workdir=workdir))
        search.refresh()
        return search


class HyperSearch:
    """A search: id, runs (summit.Run: id, status, parameters, objective),
    state, and what a user does with it. Attributes hold what the last
    refresh() read."""

    _ENDED = ("FINISHED", "STOPPED", "KILLED")

    def __init__(self, connection, search_id):
        self._connection = connection
        self.id = search_id
        self.info = None
        self.runs = []

    @property
    def state(self):
        return self.info.state if self.info else None

    def refresh(self):
        """Reads the search's state and runs again from the coordinator."""
        self.info, self.space, self.runs = self._connection.show(self.id)
        return self

    def stop(self):
        """No new runs; running ones finish."""
        self.info = self._connection.stop(self.id)

    def kill(self):
        """No new runs; running ones are stopped now."""
        self.info = self._connection.kill(self.id)

    def archive(self):
        self.info = self._connection.archive(self.id)

    def metric_names(self):
        """The search's metrics, the objective's first."""
        return self._connection.metric_names(self.id)

    def metrics(self, metric_name):
        """{run id: [(iteration, value), ...]} of one metric."""
        return self._connection.metrics(self.id, metric_name)

    def best(self):
        """The best COMPLETED run (summit.Run)."""
        return self._connection.best(self.id)

    def pareto_front(self):
        """With several objectives, the runs no other beats in all of them."""
        return self._connection.pareto_front(self.id)

    def results(self):
        """SHERPA's results table (a DataFrame with pandas, else a list of dicts)."""
        return self._connection.results(self.id)

    def importance(self, quantile=0.1):
        """Which parameters mattered: {name: share}."""
        return self._connection.importance(self.id, quantile)

    def wait(self, timeout=None, poll=0.5):
        """Waits until the search has ended (FINISHED, STOPPED or KILLED) and
        none of its runs is still running (a kill stops them over a grace
        period); SummitError when `timeout` seconds pass first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.refresh().state not in self._ENDED or self.info.counts.get("RUNNING", 0):
            if deadline is not None and time.monotonic() > deadline:
                raise SummitError(0, "search %d is still %s after %g s" % (self.id, self.state, timeout))
            time.sleep(poll)
        return self

    def __repr__(self):
        return "HyperSearch(id=%d, state=%s, runs=%d)" % (self.id, self.state, len(self.runs))
