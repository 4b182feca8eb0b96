"""Ask and tell: this process runs a study's trials itself. It joins the
coordinator as a client bound to the study (a worker node that runs that
study's trials only, in this process): ask() gets a trial the study's
algorithm made, report() stores an observation durably and says whether the
stopping rule wants the trial to stop, tell() ends it. A thread of the
client keeps its lease with heartbeats; when the process dies, its trial
ends FAILED after the coordinator's timeout and is retried per `retries`."""

import itertools
import os
import queue
import socket
import threading
import time
import uuid

import msgpack
import zmq

from . import _wire
from .errors import SummitError, SummitUnavailable
from .trial import _PER_TRY_SECONDS, Trial, _number

__all__ = ["AskTellClient"]

REGISTER_WORKER, RUN_TRIAL, KILL_TRIAL, TRIAL_ENDED, REGISTERED, HEARTBEAT, ENDED_ACK = 16, 17, 18, 19, 20, 21, 22
_UNAVAILABLE, _NOT_REGISTERED = 8, 11
_ids = itertools.count()


class AskTellClient:
    """One study's trials, run by this process. `connection` is a
    summit.Connection (its address and keys are used; its socket is not)."""

    def __init__(self, connection, study_id, timeout=60.0):
        self._connection = connection
        self.study_id = study_id
        self.timeout = float(timeout)
        self.name = "client-%s-%d-%s" % (socket.gethostname(), os.getpid(), uuid.uuid4().hex[:8])
        self._running = {}        # trial id -> Trial
        self._queued = set()      # trials received that ask() has not returned yet
        self._ending = {}         # trial id -> its end, until the coordinator stored it
        self._stop = set()        # trials the coordinator asked to stop
        self._asking = 0
        self._lock = threading.RLock()
        self._wake_lock = threading.Lock()
        self._trials = queue.Queue()
        self._replies = queue.Queue()
        self._outbox = queue.Queue()
        self._closed = threading.Event()
        self._lost_registration = False
        self._context = zmq.Context.instance()
        self._wake_address = "inproc://summit-asktell-%d-%d" % (id(self), next(_ids))
        self._wake_in = self._context.socket(zmq.PAIR)
        self._wake_in.bind(self._wake_address)
        self._wake = self._context.socket(zmq.PAIR)
        self._wake.connect(self._wake_address)
        self._thread = threading.Thread(target=self._io, name="summit-asktell", daemon=True)
        self._thread.start()
        self._register(wait=True)

    # ---- what the user calls ----

    def ask(self, timeout=None, ended=None):
        """The next trial of the study (summit.Trial), or None when `ended()`
        (checked every half second while waiting) says no trial will come."""
        with self._lock:
            self._asking += 1
            self._register()
        try:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    run = self._trials.get(timeout=0.5)
                    break
                except queue.Empty:
                    if self._closed.is_set():
                        raise SummitError(0, "the client is closed")
                    if ended is not None and ended():
                        # A trial may have come meanwhile; else there is none.
                        try:
                            run = self._trials.get_nowait()
                            break
                        except queue.Empty:
                            return None
                    if deadline is not None and time.monotonic() > deadline:
                        return None
        finally:
            with self._lock:
                self._asking -= 1
        trial = Trial(run["trial"], run["study"], dict(run["params"]))
        with self._lock:
            self._queued.discard(trial.id)
            self._running[trial.id] = trial
            # Its slot moved from asking to running: the count the
            # coordinator has is right, and it knows the trial it sent.
        return trial

    def report(self, trial, iteration, objective=None, context=None):
        """Stores one observation durably; True when the trial should stop."""
        body = {"trial": trial.id, "iteration": int(iteration), "context": {}}
        if objective is not None:
            body["objective"] = _number("objective", objective)
        for name, value in (context or {}).items():
            body["context"][str(name)] = _number("context[%r]" % name, value)
        reply = self._request(_wire.frame(_wire.OBSERVATION, body), lambda kind, b: (
            kind in (_wire.ACK, _wire.ERROR) and b.get("trial") == trial.id and b.get("iteration") == int(iteration)))
        if reply[0] == _wire.ERROR:
            raise SummitError(reply[1].get("code", 1), reply[1].get("message", "refused"))
        if reply[1].get("stop"):
            self._stop.add(trial.id)
        return bool(reply[1].get("stop"))

    def should_stop(self, trial):
        """Whether the stopping rule (or a user's stop) asked the trial to stop."""
        return trial.id in self._stop

    def tell(self, trial, status="COMPLETED", reason=""):
        """Ends the trial: COMPLETED, FAILED, or STOPPED (a stop the coordinator
        asked for, or asked for now)."""
        if status not in ("COMPLETED", "FAILED", "STOPPED"):
            raise SummitError(0, "status must be COMPLETED, FAILED or STOPPED, got %r" % (status,))
        if trial.id not in self._running:
            raise SummitError(0, "trial %d is not running in this client" % trial.id)
        if status == "STOPPED" and trial.id not in self._stop:
            self._connection.stop_trial(self.study_id, trial.id)  # a user's stop: it ends STOPPED
        body = {"trial": trial.id, "exit_code": 1 if status == "FAILED" else 0, "signal": 0}
        if reason:
            body["reason"] = str(reason)[:1024]
        elif status == "FAILED":
            body["reason"] = "the client said it failed"
        with self._lock:
            del self._running[trial.id]
            self._ending[trial.id] = body  # a coordinator that restarts meanwhile learns it on registering
            self._register()  # before the end is stored: no new trial is pushed to it unasked
        try:
            self._request(_wire.frame(TRIAL_ENDED, body),
                          lambda kind, b: kind == ENDED_ACK and b.get("trial") == trial.id)
        finally:
            with self._lock:
                self._ending.pop(trial.id, None)
        self._stop.discard(trial.id)

    def close(self):
        """Leaves: a trial still running here ends FAILED after the timeout."""
        if not self._closed.is_set():
            self._closed.set()
            self._poke()
            self._thread.join(timeout=5)
            self._wake.close(linger=0)

    # ---- the lease, in a thread of its own ----

    def _registration(self):
        # Everything this process holds: the trials it runs, those received
        # and not asked for yet, and ends not stored yet. A coordinator that
        # restarted takes a trial missing here for one that never arrived.
        with self._lock:
            holding = self._running.keys() | self._queued
            slots = len(holding) + max(0, self._asking - len(self._queued))
            body = {"name": self.name, "slots": slots, "resources": [], "running": sorted(holding),
                    "ended": list(self._ending.values()), "study": self.study_id}
        return msgpack.packb([_wire.VERSION, REGISTER_WORKER, body], use_bin_type=True)

    def _register(self, wait=False):
        if wait:
            self._request(self._registration(), lambda kind, b: kind == REGISTERED, first_try=self.timeout)
        else:
            self._send(self._registration())

    def _send(self, frame):
        self._outbox.put(frame)
        self._poke()

    def _poke(self):
        with self._wake_lock:  # a ZeroMQ socket is used by one thread at a time
            try:
                self._wake.send(b"", zmq.NOBLOCK)
            except zmq.ZMQError:
                pass

    def _request(self, frame, matches, first_try=None):
        """Sends until a reply that matches comes (requests are idempotent)."""
        deadline = time.monotonic() + self.timeout
        while True:
            self._send(frame)
            try_until = time.monotonic() + min(first_try or _PER_TRY_SECONDS, max(0.001, deadline - time.monotonic()))
            while time.monotonic() < try_until:
                try:
                    kind, body = self._replies.get(timeout=max(0.001, try_until - time.monotonic()))
                except queue.Empty:
                    break
                if kind == _wire.ERROR and body.get("code") in (_UNAVAILABLE, _NOT_REGISTERED):
                    # Away, or back without knowing this client (the I/O thread
                    # registers it again, claiming its trials): send again.
                    time.sleep(0.05)
                    break
                if matches(kind, body):
                    return kind, body
                if kind == _wire.ERROR and not body.get("trial"):
                    raise SummitError(body.get("code", 1), body.get("message", "refused"))
            if time.monotonic() >= deadline:
                raise SummitUnavailable("no answer from the coordinator at %s within %g s"
                                        % (self._connection.coordinator, self.timeout))

    def _io(self):
        dealer = self._context.socket(zmq.DEALER)
        dealer.setsockopt(zmq.LINGER, 0)
        dealer.setsockopt(zmq.ROUTING_ID, self.name.encode())
        curve = self._connection._curve
        if curve:
            dealer.curve_publickey, dealer.curve_secretkey, dealer.curve_serverkey = curve
        dealer.connect(self._connection.coordinator)
        poller = zmq.Poller()
        poller.register(dealer, zmq.POLLIN)
        poller.register(self._wake_in, zmq.POLLIN)
        heartbeat = 1.0
        last_sent = time.monotonic()
        try:
            while not self._closed.is_set():
                events = dict(poller.poll(int(heartbeat * 1000 / 2)))
                if self._wake_in in events:
                    while self._wake_in.poll(0):
                        self._wake_in.recv()
                while True:
                    try:
                        frame = self._outbox.get_nowait()
                    except queue.Empty:
                        break
                    dealer.send(frame)
                    last_sent = time.monotonic()
                if dealer in events:
                    while dealer.poll(0):
                        heartbeat = self._receive(dealer.recv(), heartbeat)
                if self._lost_registration:
                    # A coordinator that restarted knows this client no more:
                    # register again at once, so that it claims its trials
                    # within the coordinator's claim grace, requests or not.
                    self._lost_registration = False
                    dealer.send(self._registration())
                    last_sent = time.monotonic()
                if time.monotonic() - last_sent >= heartbeat:
                    dealer.send(_wire.frame(HEARTBEAT, {}))
                    last_sent = time.monotonic()
        finally:
            dealer.close(linger=0)
            self._wake_in.close(linger=0)

    def _receive(self, raw, heartbeat):
        try:
            _, kind, body = msgpack.unpackb(raw, raw=False, strict_map_key=False)
        except Exception:
            return heartbeat
        if kind == RUN_TRIAL:
            with self._lock:
                trial = body.get("trial")
                if trial in self._queued or trial in self._running or trial in self._ending:
                    return heartbeat  # handed again by a coordinator that restarted
                self._queued.add(trial)
            self._trials.put(body)
        elif kind == KILL_TRIAL:
            self._stop.add(body.get("trial"))
        elif kind == REGISTERED:
            heartbeat = max(0.05, body.get("heartbeat_ms", 1000) / 1000)
            self._replies.put((kind, body))
        elif kind == 24:  # replies to an observations batch (not sent by this client)
            pass
        elif kind != HEARTBEAT:
            if kind == _wire.ERROR and body.get("code") == _NOT_REGISTERED:
                self._lost_registration = True
            self._replies.put((kind, body))
        return heartbeat

