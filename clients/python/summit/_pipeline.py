"""Observations in flight: sent without waiting on a DEALER socket of their
own, acknowledged in any order, collected together (Client.send_metrics
with wait=False, then Client.collect)."""

import time

import msgpack
import zmq

from . import _wire
from .errors import SummitError, SummitUnavailable

_UNAVAILABLE = 8


class Pipeline:
    window = 256  # observations in flight at most

    def __init__(self, context, endpoint, worker_key, timeout, per_try):
        self._context, self._endpoint, self._worker_key = context, endpoint, worker_key
        self._timeout, self._per_try = timeout, per_try
        self._socket = None
        self._pending = {}  # (trial, iteration) -> frame: sent, not acknowledged yet
        self._refused = []
        self.stop = False  # an acknowledgement said the trial should stop

    def __len__(self):
        return len(self._pending)

    def send(self, trial, iteration, frame):
        # At most `window` in flight: beyond the sockets' queues (1,000
        # messages) a ROUTER drops replies, which would cost a timeout.
        self._wait_until(self.window - 1)
        self._pending[(trial, iteration)] = frame
        self._send(frame)

    def collect(self):
        """Waits for every pending acknowledgement; raises the first refusal
        once all have come, SummitUnavailable after the timeout."""
        self._wait_until(0)
        if self._refused:
            first, self._refused = self._refused[0], []
            raise first
        return self.stop

    def _wait_until(self, most):
        """Takes replies until at most `most` observations are pending,
        sending the pending ones again after each try without an answer."""
        deadline = time.monotonic() + self._timeout
        while len(self._pending) > most:
            try_until = min(deadline, time.monotonic() + self._per_try)
            while len(self._pending) > most and time.monotonic() < try_until:
                if not self._socket.poll(max(1, int((try_until - time.monotonic()) * 1000))):
                    break
                self._receive(self._socket.recv_multipart()[-1])
            if len(self._pending) <= most:
                break
            if time.monotonic() >= deadline:
                raise SummitUnavailable("no answer from the Summit worker at %s within %g s"
                                        % (self._endpoint, self._timeout))
            for frame in list(self._pending.values()):  # requests are idempotent: send again
                self._send(frame)

    def close(self):
        if self._socket is not None:
            self._socket.close(linger=0)
            self._socket = None

    def _send(self, frame):
        if self._socket is None:
            self._socket = _wire.worker_socket(self._context, zmq.DEALER, self._endpoint, self._worker_key)
        self._socket.send_multipart([b"", frame])  # the envelope a REQ socket would add

    def _receive(self, raw):
        try:
            _, kind, body = msgpack.unpackb(raw, raw=False, strict_map_key=False)
        except Exception as e:
            raise SummitError(1, "the worker sent a frame that is not a Summit reply: %s" % e)
        key = (body.get("trial"), body.get("iteration"))
        if kind == _wire.ACK:
            if self._pending.pop(key, None) is not None and body.get("stop"):
                self.stop = True
        elif kind == _wire.ERROR and body.get("code") == _UNAVAILABLE:
            time.sleep(0.05)  # the coordinator is away: what is pending goes again after this try
        elif kind == _wire.ERROR and key in self._pending:
            del self._pending[key]
            self._refused.append(SummitError(body.get("code", 1), body.get("message", "refused")))
        elif kind == _wire.ERROR:
            raise SummitError(body.get("code", 1), body.get("message", "refused"))
