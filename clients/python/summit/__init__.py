"""Summit from Python.

Inside a trial that a Summit worker started::

    import summit
    client = summit.Client()
    trial = client.get_trial()                 # trial.parameters == {"lr": 0.001, ...}
    if client.send_metrics(trial, iteration=1, objective=0.25, context={"acc": 0.9}):
        ...                                    # the stopping rule ended this trial

Driving studies, as Spell's hyperparameter API does::

    client = summit.connect()                  # $SUMMIT_COORDINATOR, else tcp://127.0.0.1:7700
    # or, with a private coordinator and worker for this script:
    with summit.local("summit-data") as client:
        search = client.hyper.new_random_search(
            {"lr": summit.RangeSpec(1e-4, 0.1, scaling=summit.LOG)}, num_runs=20,
            command="python3 train.py --lr :lr:", metric="val_loss")
        search.wait()
        print(search.best(), search.importance())

Every refusal is a summit.SummitError carrying the coordinator's code and
message; a coordinator or worker that does not answer raises
summit.SummitUnavailable. Needs python3-zmq and python3-msgpack; pandas,
when installed, gives DataFrames where a table is returned. The wire format
is protocol/README.md.
"""

import importlib

from .errors import NotInTrial, SummitError, SummitUnavailable
from .trial import Client, Trial, parameters_from_env

__version__ = "0.2.0"

# Loaded when first used: a trial process imports only what it reports with.
_LAZY = {
    "connect": "coordinator", "Connection": "coordinator", "StudyInfo": "coordinator", "Run": "coordinator",
    "local": "_local", "hyper": None, "algorithms": None,
    "Study": "study", "Continuous": "study", "Discrete": "study", "Choice": "study", "Ordinal": "study",
    "AlgorithmServer": "serving",
    "HyperSearch": "hyper", "RangeSpec": "hyper", "ValueSpec": "hyper",
    "LINEAR": "hyper", "LOG": "hyper", "REVERSE_LOG": "hyper", "FLOAT": "hyper", "INT": "hyper",
}

__all__ = ["Client", "Trial", "parameters_from_env", "SummitError", "NotInTrial", "SummitUnavailable"] + list(_LAZY)


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError("module 'summit' has no attribute %r" % name)
    module = importlib.import_module("." + (_LAZY[name] or name), __name__)
    value = module if _LAZY[name] is None else getattr(module, name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
