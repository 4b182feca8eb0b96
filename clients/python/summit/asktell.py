"""Ask and tell: this process runs a study's trials itself. It joins the
coordinator as a client bound to the study (a worker node that runs that
study's trials only, in this process): ask() gets a trial the study's
algorithm made, report() stores an observation durably and says whether the
stopping rule wants the trial to stop, tell() ends it (with its last
observation, if given, in the same durable write). While the user's code
runs, a thread keeps the lease with heartbeats; when the process dies, its
trial ends FAILED after the coordinator's timeout and is retried per
`retries`.

The calling thread does its own socket I/O (sends, then receives until its
answer comes): a request costs no hand-off to another thread, which on a
loop of short trials is most of a round trip's time. The lease keeper takes
the socket only when no call holds it."""

import collections
import os
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
REPLIES, ASK_TRIALS, STUDY_OVER = 24, 28, 29
_UNAVAILABLE, _NOT_REGISTERED = 8, 11
# How often the lease keeper looks at the socket while no call does: the
# longest a stop request or a restarted coordinator's "register again" waits.
_KEEPER_SECONDS = 0.1
# A waiting call lets go of the socket this often, so that other threads'
# calls interleave.
_SLICE_MS = 50
# What ask()'s wait takes for "the study makes no more trials".
_OVER = object()


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
        self._lock = threading.RLock()         # the state above
        self._socket_lock = threading.Lock()   # the socket and what follows: one thread at a time
        self._trials = collections.deque()     # run_trial bodies received, not asked for yet
        # Answers received, not taken yet (a late one, to a request that
        # was sent again, is never taken: the bound drops it in the end).
        self._inbox = collections.deque(maxlen=256)
        self._lost_registration = False
        # The study's state once the coordinator said it makes no more
        # trials (study_over); ask() then returns None at once.
        self._over = None
        self._heartbeat = 1.0
        self._last_sent = time.monotonic()
        self._closed = threading.Event()
        self._dealer = self._connect()
        try:
            self._request(self._registration(), lambda kind, b: kind == REGISTERED, first_try=self.timeout)
        except BaseException:
            self._dealer.close(linger=0)
            raise
        self._keeper = threading.Thread(target=self._keep_lease, name="summit-asktell", daemon=True)
        self._keeper.start()

    # ---- what the user calls ----

    def ask(self, timeout=None, ended=None):
        """The next trial of the study (summit.Trial), or None once no trial
        will come: the coordinator says the study makes no more (it is
        stopping or has ended), or `ended()` (checked every half second while
        waiting, for a coordinator that does not say) says so."""
        with self._lock:
            self._asking += 1
            # A trial that came unasked (handed again after a restart) is
            # this ask's: asking for another would keep one too many coming.
            wanted = self._asking > len(self._queued)
        if wanted:
            self._send(_wire.frame(ASK_TRIALS, {"count": 1}))
        run = None
        try:
            deadline = None if timeout is None else time.monotonic() + timeout
            while run is None:
                run = self._wait(self._next_trial_or_over, time.monotonic() + 0.5 if deadline is None
                                 else min(deadline, time.monotonic() + 0.5))
                if run is _OVER:
                    run = None
                    break
                if run is not None:
                    break
                if self._closed.is_set():
                    raise SummitError(0, "the client is closed")
                if ended is not None and ended():
                    # A trial may have come meanwhile; else there is none.
                    run = self._wait(self._next_trial, time.monotonic())
                    if run is None:
                        return None
                elif deadline is not None and time.monotonic() > deadline:
                    return None
        finally:
            with self._lock:
                self._asking -= 1
                trial = None
                if run is not None:
                    trial = Trial(run["trial"], run["study"], dict(run["params"]))
                    self._queued.discard(trial.id)
                    self._running[trial.id] = trial
            if run is None and not self._closed.is_set():
                # The slot asked for is not wanted any more: say what this
                # process holds and asks, so that no trial comes unasked.
                self._send(self._registration())
        return trial

    def report(self, trial, iteration, objective=None, context=None):
        """Stores one observation durably; True when the trial should stop."""
        body = self._observation(trial, iteration, objective, context)
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

    def tell(self, trial, status="COMPLETED", reason="", last=None):
        """Ends the trial: COMPLETED, FAILED, or STOPPED (a stop the coordinator
        asked for, or asked for now). `last`: (iteration, objective, context),
        an observation stored with the end in one write; when the
        coordinator refuses it, nothing is stored, the trial stays running
        and SummitError says why."""
        if status not in ("COMPLETED", "FAILED", "STOPPED"):
            raise SummitError(0, "status must be COMPLETED, FAILED or STOPPED, got %r" % (status,))
        if trial.id not in self._running:
            raise SummitError(0, "trial %d is not running in this client" % trial.id)
        body = {"trial": trial.id, "exit_code": 1 if status == "FAILED" else 0, "signal": 0}
        if last is not None:
            body["last"] = self._observation(trial, *last)
        if reason:
            body["reason"] = str(reason)[:1024]
        elif status == "FAILED":
            body["reason"] = "the client said it failed"
        if status == "STOPPED" and trial.id not in self._stop:
            self._connection.stop_trial(self.study_id, trial.id)  # a user's stop: it ends STOPPED
        with self._lock:
            del self._running[trial.id]
            self._ending[trial.id] = body  # a coordinator that restarts meanwhile learns it on registering
        try:
            kind, answer = self._request(_wire.frame(TRIAL_ENDED, body), lambda kind, b: b.get("trial") == trial.id and (
                kind == ENDED_ACK or (kind == _wire.ERROR and last is not None)))
        finally:
            with self._lock:
                self._ending.pop(trial.id, None)
        if kind == _wire.ERROR:  # its last observation refused: it runs on
            with self._lock:
                self._running[trial.id] = trial
            raise SummitError(answer.get("code", 1), answer.get("message", "refused"))
        self._stop.discard(trial.id)

    def close(self):
        """Leaves: a trial still running here ends FAILED after the timeout."""
        if self._closed.is_set():
            return
        self._closed.set()
        self._keeper.join(timeout=5)
        with self._socket_lock:
            self._dealer.close(linger=0)

    # ---- the socket ----

    def _connect(self):
        dealer = zmq.Context.instance().socket(zmq.DEALER)
        dealer.setsockopt(zmq.LINGER, 0)
        dealer.setsockopt(zmq.ROUTING_ID, self.name.encode())
        curve = self._connection._curve
        if curve:
            dealer.curve_publickey, dealer.curve_secretkey, dealer.curve_serverkey = curve
        dealer.connect(self._connection.coordinator)
        return dealer

    def _observation(self, trial, iteration, objective=None, context=None):
        body = {"trial": trial.id, "iteration": int(iteration), "context": {}}
        if objective is not None:
            body["objective"] = _number("objective", objective)
        for name, value in (context or {}).items():
            body["context"][str(name)] = _number("context[%r]" % name, value)
        return body

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

    def _send(self, frame):
        with self._socket_lock:
            self._send_locked(frame)

    def _send_locked(self, frame):
        if self._closed.is_set():
            raise SummitError(0, "the client is closed")
        self._dealer.send(frame)
        self._last_sent = time.monotonic()

    def _pump(self, wait_ms):
        """With the socket held: takes in what came (waiting up to wait_ms
        for the first frame), then sends what is due."""
        if self._dealer.poll(wait_ms):
            while True:
                self._receive(self._dealer.recv())
                if not self._dealer.poll(0):
                    break
        if self._lost_registration:
            # A coordinator that restarted knows this client no more: register
            # again at once, so that it claims its trials within the
            # coordinator's claim grace.
            self._lost_registration = False
            self._send_locked(self._registration())
        if time.monotonic() - self._last_sent >= self._heartbeat:
            self._send_locked(_wire.frame(HEARTBEAT, {}))

    def _wait(self, take, until):
        """take() (called with the socket held) once it returns something
        other than None, receiving meanwhile; None at `until`."""
        while True:
            with self._socket_lock:
                got = take()
                if got is not None:
                    return got
                left = until - time.monotonic()
                self._pump(max(0, min(_SLICE_MS, int(left * 1000) + 1)))
                got = take()
                if got is not None:
                    return got
            if time.monotonic() >= until:
                return None

    def _next_trial(self):
        return self._trials.popleft() if self._trials else None

    def _next_trial_or_over(self):
        if self._trials:
            return self._trials.popleft()
        return _OVER if self._over is not None else None

    def _answer(self, matches):
        """The first answer received that matches, taken; a refusal of the
        request itself raised; the coordinator away: "again"."""
        for i, (kind, body) in enumerate(self._inbox):
            if kind == _wire.ERROR and body.get("code") in (_UNAVAILABLE, _NOT_REGISTERED):
                # Away, or back without knowing this client (it registers
                # again, claiming its trials): send again.
                del self._inbox[i]
                return "again"
            if matches(kind, body):
                del self._inbox[i]
                return kind, body
            if kind == _wire.ERROR and not body.get("trial"):
                del self._inbox[i]
                raise SummitError(body.get("code", 1), body.get("message", "refused"))
        return None

    def _request(self, frame, matches, first_try=None):
        """Sends until an answer that matches comes (requests are idempotent)."""
        deadline = time.monotonic() + self.timeout
        while True:
            self._send(frame)
            reply = self._wait(lambda: self._answer(matches), time.monotonic() + min(
                first_try or _PER_TRY_SECONDS, max(0.001, deadline - time.monotonic())))
            if reply == "again":
                time.sleep(0.05)
            elif reply is not None:
                return reply
            if time.monotonic() >= deadline:
                raise SummitUnavailable("no answer from the coordinator at %s within %g s"
                                        % (self._connection.coordinator, self.timeout))

    def _keep_lease(self):
        while not self._closed.wait(_KEEPER_SECONDS):
            if self._socket_lock.acquire(blocking=False):  # else a call holds it and pumps
                try:
                    self._pump(0)
                except (zmq.ZMQError, SummitError):  # closing
                    pass
                finally:
                    self._socket_lock.release()

    def _receive(self, raw):
        try:
            _, kind, body = msgpack.unpackb(raw, raw=False, strict_map_key=False)
        except Exception:
            return
        if kind == RUN_TRIAL:
            with self._lock:
                trial = body.get("trial")
                if trial in self._queued or trial in self._running or trial in self._ending:
                    return  # handed again by a coordinator that restarted
                self._queued.add(trial)
            self._trials.append(body)
        elif kind == KILL_TRIAL:
            self._stop.add(body.get("trial"))
        elif kind == STUDY_OVER:
            if body.get("study") == self.study_id:
                self._over = body.get("state")
        elif kind == REGISTERED:
            self._heartbeat = max(0.05, body.get("heartbeat_ms", 1000) / 1000)
            self._inbox.append((kind, body))
        elif kind not in (HEARTBEAT, REPLIES):
            if kind == _wire.ERROR and body.get("code") == _NOT_REGISTERED:
                self._lost_registration = True
            self._inbox.append((kind, body))
