"""Frames of Summit's wire protocol (protocol/README.md): msgpack arrays of
[version, kind, body]."""

import msgpack
import zmq

from .errors import SummitError

VERSION = 1

# Kinds: a trial with its worker, a command-line client with its coordinator.
TRIAL_REQUEST, TRIAL_INFO, OBSERVATION, ACK, ERROR = 1, 2, 3, 4, 5
SUBMIT_STUDY, LIST_STUDIES, SHOW_STUDY, SHOW_BEST, SHOW_METRICS, EXPORT_RESULTS = 32, 33, 34, 35, 36, 37
STOP_STUDY, KILL_STUDY, ARCHIVE_STUDY, STOP_TRIAL, SHOW_IMPORTANCE = 38, 39, 40, 41, 42
STUDY_SUBMITTED, STUDY_LIST, STUDY_DETAILS, BEST_TRIAL, METRIC_SERIES = 48, 49, 50, 51, 52
STUDY_SUMMARY, TRIAL_STOPPING, RESULTS, IMPORTANCES = 54, 55, 56, 57

TRIAL_STATUS = {1: "RUNNING", 2: "COMPLETED", 3: "FAILED", 4: "STOPPED"}
STUDY_STATE = {1: "PENDING", 2: "RUNNING", 3: "STOPPING", 4: "FINISHED", 5: "STOPPED", 6: "KILLED"}
GOAL = {1: "minimize", 2: "maximize"}


def frame(kind, body):
    return msgpack.packb([VERSION, kind, body], use_bin_type=True)


def body_of(raw, expected_kind, who):
    """The body of a reply of the expected kind; a refusal raised as SummitError."""
    try:
        reply = msgpack.unpackb(raw, raw=False, strict_map_key=False)
    except Exception as e:  # msgpack raises several kinds
        raise SummitError(1, "%s sent a frame that is not msgpack: %s" % (who, e))
    if not (isinstance(reply, list) and len(reply) == 3 and isinstance(reply[2], dict)):
        raise SummitError(1, "%s sent a reply that is not a Summit frame" % who)
    _, kind, body = reply
    if kind == ERROR:
        raise SummitError(body.get("code", 1), body.get("message", "refused"))
    if kind != expected_kind:
        raise SummitError(1, "%s sent a reply of kind %r, expected %r" % (who, kind, expected_kind))
    return body


def worker_socket(context, kind, endpoint, worker_key):
    """A socket connected to a trial's worker; encrypted (CURVE, with a key
    pair made for it) when the worker's public key is given."""
    socket = context.socket(kind)
    socket.setsockopt(zmq.LINGER, 0)
    if worker_key:
        public, secret = zmq.curve_keypair()
        socket.curve_serverkey = worker_key.encode()
        socket.curve_publickey = public
        socket.curve_secretkey = secret
    socket.connect(endpoint)
    return socket


def is_unavailable(raw):
    try:
        reply = msgpack.unpackb(raw, raw=False, strict_map_key=False)
    except Exception:
        return False
    return (isinstance(reply, list) and len(reply) == 3 and reply[1] == ERROR
            and isinstance(reply[2], dict) and reply[2].get("code") == 8)


class SocketHolder:
    """An object that owns one ZeroMQ socket (self._socket, made on first
    use) and closes it on close() or at the end of a with block."""

    _socket = None

    def close(self):
        if self._socket is not None:
            self._socket.close(linger=0)
            self._socket = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
