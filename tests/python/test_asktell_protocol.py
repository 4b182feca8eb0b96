"""The asking client's side of the worker protocol against a scripted
coordinator: what it says it holds when a restarted coordinator does not
know it. A trial it has received, or one it ended whose end was not stored,
must be in its registration, or the coordinator takes it for lost."""

import threading

import msgpack
import pytest
import zmq

import summit
from summit import asktell

REGISTERED, ERROR, RUN_TRIAL, TRIAL_ENDED, ENDED_ACK = 20, 5, 17, 19, 22
NOT_REGISTERED = 11


class ScriptedCoordinator:
    """A ROUTER that records what one client sends, and answers as told."""

    def __init__(self):
        self.context = zmq.Context.instance()
        self.router = self.context.socket(zmq.ROUTER)
        self.router.setsockopt(zmq.LINGER, 0)
        port = self.router.bind_to_random_port("tcp://127.0.0.1")
        self.address = "tcp://127.0.0.1:%d" % port
        self.peer = None

    def receive(self, kind, timeout_ms=5000):
        """The next frame of `kind` the client sends (heartbeats and others skipped)."""
        while self.router.poll(timeout_ms):
            self.peer, raw = self.router.recv_multipart()
            _, got, body = msgpack.unpackb(raw, raw=False, strict_map_key=False)
            if got == kind:
                return body
        raise AssertionError("the client sent no frame of kind %d" % kind)

    def send(self, kind, body):
        self.router.send_multipart([self.peer, msgpack.packb([1, kind, body], use_bin_type=True)])

    def close(self):
        self.router.close(linger=0)


@pytest.fixture
def coordinator():
    c = ScriptedCoordinator()
    yield c
    c.close()


def client_of(coordinator):
    """An AskTellClient for study 7, registered with the scripted coordinator."""
    ready = {}
    thread = threading.Thread(target=lambda: ready.setdefault(
        "client", asktell.AskTellClient(summit.connect(coordinator.address), 7, timeout=10)))
    thread.start()
    first = coordinator.receive(asktell.REGISTER_WORKER)
    assert first["study"] == 7 and first["running"] == [] and first["ended"] == []
    coordinator.send(REGISTERED, {"heartbeat_ms": 1000, "timeout_ms": 5000})
    thread.join(timeout=10)
    return ready["client"], first["name"]


def test_a_trial_received_but_not_asked_for_yet_is_listed_as_held(coordinator):
    client, name = client_of(coordinator)
    try:
        coordinator.send(RUN_TRIAL, {"trial": 3, "study": 7, "params": {"x": 0.5}, "command": "", "workdir": ""})
        coordinator.send(ERROR, {"code": NOT_REGISTERED, "message": "unknown worker", "trial": 0, "iteration": -1})
        again = coordinator.receive(asktell.REGISTER_WORKER)
        assert again["name"] == name and again["running"] == [3] and again["slots"] == 1
        # Handed again by the restarted coordinator: the client runs it once.
        coordinator.send(RUN_TRIAL, {"trial": 3, "study": 7, "params": {"x": 0.5}, "command": "", "workdir": ""})
        trial = client.ask(timeout=2)
        assert trial.id == 3 and trial.parameters == {"x": 0.5}
        assert client.ask(timeout=0.6) is None
    finally:
        client.close()


def test_an_end_the_coordinator_did_not_store_is_reported_on_registering_again(coordinator):
    client, name = client_of(coordinator)
    try:
        coordinator.send(RUN_TRIAL, {"trial": 4, "study": 7, "params": {"x": 1.0}, "command": "", "workdir": ""})
        trial = client.ask(timeout=2)
        telling = threading.Thread(target=client.tell, args=(trial,))
        telling.start()
        end = coordinator.receive(TRIAL_ENDED)
        assert end["trial"] == 4 and end["exit_code"] == 0
        # The coordinator died before storing it and came back knowing nothing.
        coordinator.send(ERROR, {"code": NOT_REGISTERED, "message": "unknown worker", "trial": 0, "iteration": -1})
        again = coordinator.receive(asktell.REGISTER_WORKER)
        assert again["running"] == [] and [e["trial"] for e in again["ended"]] == [4]
        assert again["ended"][0]["exit_code"] == 0
        coordinator.send(ENDED_ACK, {"trial": 4})
        telling.join(timeout=10)
        assert not telling.is_alive()
        coordinator.send(ERROR, {"code": NOT_REGISTERED, "message": "unknown worker", "trial": 0, "iteration": -1})
        assert coordinator.receive(asktell.REGISTER_WORKER)["ended"] == []
    finally:
        client.close()
