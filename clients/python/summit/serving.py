"""Algorithms written in Python (SHERPA's "writing new algorithms"): this
process makes a study's suggestions. The study's algorithm is `external`;
whenever it needs trials, the coordinator asks the process that serves it,
which calls `algorithm.get_suggestion(parameters, results, lower_is_better)`
and sends the answers back. The coordinator checks every point against the
search space and logs it as a trial, as for any algorithm. While no process
serves the study it waits, and `summit study show` says so.

    class MyAlgorithm(summit.algorithms.Algorithm):
        def get_suggestion(self, parameters, results, lower_is_better):
            return {p.name: p.sample() for p in parameters}

    summit.connect().serve_algorithm(study_id, MyAlgorithm())   # until the study ends

summit.Study(algorithm=MyAlgorithm(), ...) serves it from a thread of its own.
"""

import os
import queue
import socket
import threading
import time
import uuid

import msgpack
import zmq

from . import _wire
from .algorithms import AlgorithmState
from .errors import SummitError, SummitUnavailable

__all__ = ["AlgorithmServer"]

SERVE_ALGORITHM, SUGGEST, SUGGESTIONS = 25, 26, 27
REGISTERED, HEARTBEAT = 20, 21
_NOT_REGISTERED, _ALGORITHM_REFUSED, _ALGORITHM_BUSY = 11, 15, 16
_ENDED = ("FINISHED", "STOPPED", "KILLED")
_WAIT_SECONDS = 1.0   # an algorithm that says WAIT is asked again after this
_CHECK_SECONDS = 2.0  # how often the server looks whether the study has ended
_STANDBY_SECONDS = 1.0  # how often a standby offers again while another process serves


class AlgorithmServer:
    """Serves study `study_id`'s suggestions from `algorithm` over
    `connection`'s coordinator. run() serves until the study ends (or
    close()); start() does it in a daemon thread. While another process
    serves the study, this one stands by and takes over when that one
    leaves. A refusal (a point outside the search space, a study whose
    algorithm is not external) is raised from run() as SummitError, or kept
    in .error by start()'s thread."""

    def __init__(self, connection, study_id, algorithm):
        if not callable(getattr(algorithm, "get_suggestion", None)):
            raise SummitError(0, "%r has no get_suggestion(parameters, results, lower_is_better)" % (algorithm,))
        self.study_id = study_id
        self.algorithm = algorithm
        self.name = "algorithm-%s-%d-%s" % (socket.gethostname(), os.getpid(), uuid.uuid4().hex[:8])
        self.error = None
        self.served = 0  # points sent
        self._connection = connection
        # Sockets of its own: one for get_suggestion's reads, one for the
        # loop's checks (a ZeroMQ socket serves one thread).
        self._reader = connection.copy()
        self._checker = connection.copy()
        self._answers = queue.Queue()
        self._thinking = False
        self._offer_at = None  # a standby's next offer
        self._registered = False
        self._closed = threading.Event()
        self._thread = None
        self._parameters = None

    def start(self):
        """Serves in a daemon thread; returns self."""
        def serve():
            try:
                self.run()
            except Exception as e:  # kept for whoever started it
                self.error = e
        self._thread = threading.Thread(target=serve, name="summit-algorithm", daemon=True)
        self._thread.start()
        return self

    def close(self):
        """Stops serving (the study waits for another process)."""
        self._closed.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)

    def run(self):
        """Serves until the study has ended or close() is called."""
        context = zmq.Context.instance()
        dealer = context.socket(zmq.DEALER)
        dealer.setsockopt(zmq.LINGER, 0)
        dealer.setsockopt(zmq.ROUTING_ID, self.name.encode())
        if self._connection._curve:
            dealer.curve_publickey, dealer.curve_secretkey, dealer.curve_serverkey = self._connection._curve
        dealer.connect(self._connection.coordinator)
        # The thinking thread says it is done through this pair.
        wake_address = "inproc://summit-algorithm-%s" % self.name
        wake_in = context.socket(zmq.PAIR)
        wake_in.bind(wake_address)
        self._wake = context.socket(zmq.PAIR)
        self._wake.connect(wake_address)
        poller = zmq.Poller()
        poller.register(dealer, zmq.POLLIN)
        poller.register(wake_in, zmq.POLLIN)
        offer = _wire.frame(SERVE_ALGORITHM, {"study": self.study_id, "name": self.name})
        heartbeat = 1.0
        try:
            dealer.send(offer)
            last_sent = last_check = time.monotonic()
            while not self._closed.is_set():
                events = dict(poller.poll(int(heartbeat * 500)))
                if wake_in in events:
                    wake_in.recv()
                if dealer in events:
                    heartbeat = self._receive(dealer, dealer.recv(), offer, heartbeat)
                try:
                    answer = self._answers.get_nowait()
                except queue.Empty:
                    pass
                else:
                    self._thinking = False
                    if isinstance(answer, BaseException):
                        raise answer
                    dealer.send(_wire.frame(SUGGESTIONS, answer))
                    last_sent = time.monotonic()
                now = time.monotonic()
                if self._offer_at is not None and now >= self._offer_at:
                    self._offer_at = None
                    dealer.send(offer)
                if now - last_check >= _CHECK_SECONDS:
                    last_check = now
                    if self._study_state() in _ENDED + (None,):
                        return
                if self._registered and now - last_sent >= heartbeat:
                    dealer.send(_wire.frame(HEARTBEAT, {}))
                    last_sent = now
        finally:
            dealer.close(linger=0)
            wake_in.close(linger=0)
            self._wake.close(linger=0)
            self._checker.close()

    def _receive(self, dealer, raw, offer, heartbeat):
        try:
            _, kind, body = msgpack.unpackb(raw, raw=False, strict_map_key=False)
        except Exception:
            return heartbeat
        if kind == REGISTERED:
            self._registered = True
            return max(0.05, body.get("heartbeat_ms", 1000) / 1000)
        if kind == SUGGEST and not self._thinking:
            # In a thread of its own: heartbeats go on however long it takes.
            self._thinking = True
            count = int(body.get("count", 1))
            threading.Thread(target=self._think, args=(count,), name="summit-get-suggestion", daemon=True).start()
        elif kind == _wire.ERROR:
            code, message = body.get("code"), body.get("message", "refused")
            self._registered = self._registered and code not in (_NOT_REGISTERED, _ALGORITHM_BUSY)
            if code == _NOT_REGISTERED:  # a coordinator that restarted: offer again
                dealer.send(offer)
            elif code == _ALGORITHM_BUSY:
                self._offer_at = time.monotonic() + _STANDBY_SECONDS
            elif code == _ALGORITHM_REFUSED:
                if self._study_state() in _ENDED:  # it ended meanwhile: nothing to serve
                    self._closed.set()
                else:
                    raise SummitError(code, message)
        return heartbeat

    def _think(self, count):
        try:
            self._answers.put(self._answer(count))
        except BaseException as e:  # raised from run()
            self._answers.put(e)
        finally:
            self._reader.close()
            try:
                self._wake.send(b"", zmq.NOBLOCK)
            except zmq.ZMQError:  # the server has stopped meanwhile
                pass

    def _answer(self, count):
        """Up to `count` points from the algorithm, each from the same table."""
        if self._parameters is None:
            from .study import _Parameter
            info, space, _ = self._reader.show(self.study_id)
            self._parameters = [_Parameter.from_space(p) for p in space]
            self._lower_is_better = info.goal == "minimize"
        results = self._reader.results(self.study_id)
        items, done = [], False
        for _ in range(count):
            point = self.algorithm.get_suggestion(self._parameters, results, self._lower_is_better)
            if point is None or point == AlgorithmState.DONE:
                done = True
                break
            if point == AlgorithmState.WAIT:
                break
            if not isinstance(point, dict):
                raise SummitError(0, "get_suggestion() returned %r: expected a dict of parameter values, None, "
                                     "AlgorithmState.DONE or AlgorithmState.WAIT" % (point,))
            items.append(_active({str(k): _plain(v) for k, v in point.items()}, self._parameters))
        if not items and not done:
            time.sleep(_WAIT_SECONDS)  # the coordinator asks again at once
        self.served += len(items)
        return {"study": self.study_id, "items": items, "done": done}

    def _study_state(self):
        """The study's state; None when there is no such study, "" while the
        coordinator is away (restarting: it goes on)."""
        try:
            for s in self._checker.studies(archived=True):
                if s.id == self.study_id:
                    return s.state
            return None
        except SummitUnavailable:
            return ""


def _active(point, parameters):
    """The point without values for parameters its own values make inactive
    (`when:`): an algorithm that sets every parameter serves a conditional
    space as it is."""
    conditional = [p for p in parameters if p.when]
    return {k: v for k, v in point.items()
            if not any(p.name == k and not p.active(point, parameters) for p in conditional)}


def _plain(value):
    """numpy's and pandas' scalars as the Python values msgpack packs."""
    if isinstance(value, (bool, int, float, str)):
        return value
    item = getattr(value, "item", None)
    if callable(item):
        return item()
    raise SummitError(0, "a parameter value must be a number, a string or a bool, got %r" % (value,))
