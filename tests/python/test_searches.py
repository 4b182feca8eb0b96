"""Spell's hyperparameter API on a real coordinator and worker (summit.local)."""

import os
import time

import pytest

import summit
from summit import INT, LOG, RangeSpec, SummitError, SummitUnavailable, ValueSpec

COMMAND = "/usr/bin/python3 trial.py --x :x:"


def test_a_random_search_runs_its_trials_and_answers_every_question(client):
    search = client.hyper.new_random_search(
        {"x": RangeSpec(0.1, 10, scaling=LOG), "n": RangeSpec(1, 5, type=INT), "act": ValueSpec(["relu", "tanh"])},
        num_runs=12, command=COMMAND, name="random", metric="loss", seed=3)
    assert search.wait(timeout=120).state == "FINISHED"
    assert len(search.runs) == 12
    assert {r.status for r in search.runs} == {"COMPLETED"}
    for r in search.runs:
        assert 0.1 <= r.parameters["x"] <= 10 and r.parameters["n"] in range(1, 6)
        assert r.objective == pytest.approx(r.parameters["x"])  # the best of x, 2x, 3x
        assert r.last_iteration == 3
    best = search.best()
    assert best.objective == min(r.objective for r in search.runs)
    assert search.metric_names() == ["loss", "x2"]
    series = search.metrics("x2")
    assert len(series) == 12 and all(len(points) == 3 for points in series.values())
    assert search.metrics("loss")[best.id] == [(1, best.objective), (2, 2 * best.objective), (3, 3 * best.objective)]
    table = search.results()
    rows = table.to_dict("records") if hasattr(table, "to_dict") else table
    assert len(rows) == 12 * 4
    assert list(rows[0])[:5] == ["Trial-ID", "Status", "Iteration", "Objective", "x"]
    shares = search.importance()
    assert next(iter(shares)) == "x" and sum(shares.values()) == pytest.approx(1)
    # get() and list() find it again; archive() hides it from list().
    assert client.hyper.get(search.id).runs[0].parameters == search.runs[0].parameters
    assert [s.name for s in client.hyper.list()] == ["random"]
    client.hyper.archive(search.id)
    assert client.hyper.list() == []
    assert [s.id for s in client.hyper.list(archived=True)] == [search.id]


def test_a_grid_search_runs_every_combination(client):
    search = client.hyper.new_grid_search({"x": ValueSpec([1, 2, 3]), "act": ValueSpec(["a", "b"])}, command=COMMAND)
    search.wait(timeout=120)
    assert sorted((r.parameters["x"], r.parameters["act"]) for r in search.runs) == \
        [(x, a) for x in (1, 2, 3) for a in ("a", "b")]


def test_a_bayesian_search_takes_spells_metric_and_aggregate(client):
    search = client.hyper.new_bayesian_search({"x": RangeSpec(0.5, 2)}, num_runs=4, parallel_runs=2,
                                              metric="score", metric_agg="max", command=COMMAND)
    search.wait(timeout=120)
    assert search.info.goal == "maximize" and search.info.metric == "score"
    assert all(r.objective == pytest.approx(3 * r.parameters["x"]) for r in search.runs)  # the max of x, 2x, 3x
    last = client.hyper.new_random_search({"x": RangeSpec(0.5, 2)}, num_runs=2, metric_agg="last", command=COMMAND)
    last.wait(timeout=120)
    assert all(r.objective == pytest.approx(3 * r.parameters["x"]) for r in last.runs)


def test_failed_runs_are_retried_and_a_stopped_search_ends(client):
    failing = client.hyper.new_random_search({"x": RangeSpec(-2, -1)}, num_runs=2, retries=1, command=COMMAND)
    failing.wait(timeout=120)
    assert len(failing.runs) == 4 and {r.status for r in failing.runs} == {"FAILED"}
    slow = client.hyper.new_random_search({"x": RangeSpec(1, 2), "pause": ValueSpec([5])}, num_runs=50,
                                          max_concurrent=2, command=COMMAND + " :pause:")
    deadline = time.monotonic() + 30
    while slow.refresh().info.counts["RUNNING"] < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    slow.kill()
    assert slow.wait(timeout=60).state == "KILLED"
    assert len(slow.runs) == 2 and {r.status for r in slow.runs} == {"STOPPED"}


def test_bad_input_is_a_clear_exception_and_changes_nothing(client):
    with pytest.raises(SummitError, match="RangeSpec min 5 is greater than max 1"):
        RangeSpec(5, 1)
    with pytest.raises(SummitError, match="log scaling needs min > 0"):
        RangeSpec(0, 1, scaling=LOG)
    with pytest.raises(SummitError, match="parameter 'x' must be a ValueSpec or RangeSpec"):
        client.hyper.new_random_search({"x": {"type": "gaussian"}}, num_runs=2, command=COMMAND)
    with pytest.raises(SummitError, match="command is required"):
        client.hyper.new_random_search({"x": RangeSpec(0, 1)}, num_runs=2)
    with pytest.raises(SummitError, match="unknown keyword argument: colour"):
        client.hyper.new_random_search({"x": RangeSpec(0, 1)}, num_runs=2, command=COMMAND, colour="red")
    with pytest.raises(SummitError, match="metric_agg 'max' means goal 'maximize', but goal is 'minimize'"):
        client.hyper.new_random_search({"x": RangeSpec(0, 1)}, num_runs=2, command=COMMAND, metric_agg="max",
                                       goal="minimize")
    # The coordinator's own refusals carry its code and message.
    with pytest.raises(SummitError, match="no study 99") as refused:
        client.hyper.get(99)
    assert refused.value.code == 32
    with pytest.raises(SummitError, match="max_trials") as invalid:
        client.hyper.new_random_search({"x": RangeSpec(0, 1)}, num_runs=0, command=COMMAND)
    assert invalid.value.code == 37
    assert client.hyper.list() == []


def test_a_coordinator_that_is_down_is_an_exception_within_the_timeout():
    started = time.monotonic()
    with pytest.raises(SummitUnavailable, match="no answer from the coordinator at tcp://127.0.0.1:9 within 0.5 s"):
        summit.connect("tcp://127.0.0.1:9", timeout=0.5).studies()
    assert time.monotonic() - started < 3


def test_local_stops_everything_on_leaving_and_its_data_resumes(workdir):
    with summit.local(workdir / "data", slots=1) as client:
        search = client.hyper.new_random_search({"x": RangeSpec(1, 2)}, num_runs=2, command=COMMAND, name="kept")
        search.wait(timeout=60)
        pids = [int(p) for p in os.popen("pgrep -f 'summit (coordinator|worker).*%s'" % workdir).read().split()]
        assert len(pids) == 2
    for pid in pids:
        assert not os.path.exists("/proc/%d" % pid) or open("/proc/%d/stat" % pid).read().split()[2] == "Z"
    with summit.local(workdir / "data", slots=0) as client:
        (kept,) = client.hyper.list()
        assert (kept.name, kept.state, kept.counts["COMPLETED"]) == ("kept", "FINISHED", 2)


def test_submit_takes_a_study_file_or_a_dict(client, workdir):
    (workdir / "study.yaml").write_text(
        "name: from-file\ncommand: %s\nobjective: {goal: minimize}\nalgorithm: {name: random, max_trials: 1}\n"
        "parameters: {x: {type: continuous, range: [1, 2]}}\n" % COMMAND)
    first = client.submit(workdir / "study.yaml")
    second = client.submit({"name": "from-dict", "command": COMMAND, "objective": {"goal": "minimize"},
                            "algorithm": {"name": "random", "max_trials": 1},
                            "parameters": {"x": {"type": "continuous", "range": [1, 2]}}})
    assert second == first + 1
    with pytest.raises(SummitError, match="cannot read the study file"):
        client.submit(workdir / "missing.yaml")


def test_local_leaves_nothing_running_when_python_is_killed(workdir):
    import signal
    import subprocess
    import sys
    from conftest import SOURCE_DIR
    script = ("import summit, sys, time\n"
              "with summit.local(sys.argv[1], slots=1) as c:\n"
              "    print(c.coordinator, flush=True)\n"
              "    time.sleep(600)\n")
    env = dict(os.environ, PYTHONPATH=os.path.join(SOURCE_DIR, "clients", "python"))
    python = subprocess.Popen([sys.executable, "-c", script, str(workdir / "data")], stdout=subprocess.PIPE,
                              text=True, env=env)
    python.stdout.readline()
    pattern = "summit (coordinator|worker).*%s" % workdir
    assert len(os.popen("pgrep -f '%s'" % pattern).read().split()) == 2
    python.send_signal(signal.SIGKILL)
    python.wait()
    deadline = time.monotonic() + 30
    while os.popen("pgrep -f '%s'" % pattern).read().split() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert os.popen("pgrep -f '%s'" % pattern).read().split() == []
