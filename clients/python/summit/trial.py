"""The trial client: what a trial process started by a worker reports with.

A trial process started by a Summit worker reports its metrics with::

    import summit

    client = summit.Client()          # reads SUMMIT_ENDPOINT, SUMMIT_TRIAL_ID, SUMMIT_TRIAL_TOKEN
    trial = client.get_trial()        # trial.parameters == {"lr": 0.001, ...}
    for epoch in range(1, epochs + 1):
        ...
        if client.send_metrics(trial, iteration=epoch, objective=val_loss,
                               context={"acc": acc}):
            break                     # the stopping rule ended this trial

send_metrics returns once the observation is durably stored, with True when
the trial should stop. Requests are idempotent: one that gets no answer, or
an answer that the coordinator is away, is sent again until SUMMIT_TIMEOUT
seconds (default 3600: a trial waits out a coordinator restart) have passed,
then SummitUnavailable is raised. Only python3-zmq and
python3-msgpack are needed. The wire format is protocol/README.md.
"""

import json
import math
import os
import time

import zmq

from . import _wire
from ._pipeline import Pipeline
from .errors import NotInTrial, SummitError, SummitUnavailable

__all__ = ["Client", "Trial", "parameters_from_env"]

_PER_TRY_SECONDS = 5.0


class Trial:
    """A trial's id, its study's id and its parameters."""

    def __init__(self, id, study_id, parameters):
        self.id = id
        self.study_id = study_id
        self.parameters = parameters

    def __repr__(self):
        return "Trial(id=%d, parameters=%r)" % (self.id, self.parameters)


def _env(name):
    value = os.environ.get(name)
    if not value:
        raise NotInTrial("not inside a Summit trial: %s is not set" % name)
    return value


class Client(_wire.SocketHolder):
    """Talks to the worker that started this trial."""

    def __init__(self, endpoint=None, trial_id=None, timeout=None, token=None):
        self.endpoint = endpoint or _env("SUMMIT_ENDPOINT")
        # The trial's own secret: its worker answers no request without it.
        self._token = token if token is not None else os.environ.get("SUMMIT_TRIAL_TOKEN", "")
        # Set when the worker's socket is encrypted (CURVE): its public key.
        self._worker_key = os.environ.get("SUMMIT_WORKER_KEY", "")
        raw_id = trial_id if trial_id is not None else _env("SUMMIT_TRIAL_ID")
        raw_id = str(raw_id)
        if not (raw_id.isascii() and raw_id.isdigit() and 0 < int(raw_id) < 2**63):
            raise NotInTrial("SUMMIT_TRIAL_ID is not a trial id: %r" % raw_id)
        self.trial_id = int(raw_id)
        if timeout is None:
            raw = os.environ.get("SUMMIT_TIMEOUT", "3600")
            try:
                timeout = float(raw)
            except ValueError:
                timeout = math.nan
            if not 0 < timeout <= 366 * 86400:  # also refuses nan and inf
                raise SummitError(0, "SUMMIT_TIMEOUT is not a number of seconds: %r" % raw)
        self.timeout = timeout
        self._context = zmq.Context.instance()
        self._socket = None
        self._pipeline = None  # observations sent with wait=False

    def get_trial(self):
        """The trial's parameters, as the worker holds them."""
        body = self._call(_wire.TRIAL_REQUEST, {"trial": self.trial_id}, _wire.TRIAL_INFO)
        return Trial(body["trial"], body["study"], dict(body["params"]))

    def send_metrics(self, trial, iteration, objective=None, context=None, wait=True):
        """Stores one observation; True when the trial should stop.

        objective may be left out when context holds the study's objective
        metric. Values must be finite numbers (or NaN).

        wait=False sends it and returns None at once, for a trial that
        reports often: collect() then waits until every observation sent so
        is durably stored. A call with wait=True while some are in flight
        collects them too.
        """
        trial_id = trial.id if isinstance(trial, Trial) else int(trial)
        body = {"trial": trial_id, "iteration": int(iteration), "context": {}}
        if objective is not None:
            body["objective"] = _number("objective", objective)
        for name, value in (context or {}).items():
            body["context"][str(name)] = _number("context[%r]" % name, value)
        if wait and not self._pipeline:
            return bool(self._call(_wire.OBSERVATION, body, _wire.ACK)["stop"])
        if self._pipeline is None:
            self._pipeline = Pipeline(self._context, self.endpoint, self._worker_key, self.timeout, _PER_TRY_SECONDS)
        self._pipeline.send(trial_id, int(iteration), _wire.frame(_wire.OBSERVATION, self._signed(body)))
        return self.collect() if wait else None

    def collect(self):
        """Waits until every observation sent with wait=False is durably
        stored; True when one's acknowledgement said the trial should stop.
        A refused one raises SummitError once the others are collected."""
        return self._pipeline.collect() if self._pipeline is not None else False

    def close(self):
        if self._pipeline is not None:
            self._pipeline.close()
        super().close()

    def _signed(self, body):
        return dict(body, token=self._token) if self._token else body

    def _call(self, kind, body, expected_kind):
        frame = _wire.frame(kind, self._signed(body))
        deadline = time.monotonic() + self.timeout
        while True:
            if self._socket is None:
                self._socket = _wire.worker_socket(self._context, zmq.REQ, self.endpoint, self._worker_key)
            self._socket.send(frame)
            wait = max(0.001, min(deadline - time.monotonic(), _PER_TRY_SECONDS))
            if self._socket.poll(int(wait * 1000)):
                reply = self._socket.recv()
                if not _wire.is_unavailable(reply):
                    return _wire.body_of(reply, expected_kind, "the worker")
                time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))
            else:
                # A REQ socket whose reply was lost is stuck: start a fresh
                # one and send again (requests are idempotent).
                self.close()
            if time.monotonic() >= deadline:
                raise SummitUnavailable("no answer from the Summit worker at %s within %g s"
                                        % (self.endpoint, self.timeout))


def _number(name, value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SummitError(0, "%s must be a number, got %r" % (name, value))
    if math.isinf(number):  # NaN passes: a diverged model may report it
        raise SummitError(0, "%s must be a finite number or NaN, got %r" % (name, value))
    return number


def parameters_from_env():
    """The trial's parameters without a round trip (SUMMIT_PARAMS)."""
    return json.loads(_env("SUMMIT_PARAMS"))
