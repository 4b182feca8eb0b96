"""SHERPA's API mode and Optuna's ask and tell: trials run in the asking
process, on a real coordinator."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import summit
from summit.algorithms import MedianStoppingRule, RandomSearch
from summit import SummitError

from conftest import SOURCE_DIR, free_address, start_coordinator


def test_sherpas_quick_start_runs_in_this_process(workdir):
    parameters = [summit.Discrete("num_units", [50, 200]), summit.Continuous("lr", [1e-4, 1e-1], "log"),
                  summit.Choice("act", ["relu", "tanh"]), summit.Ordinal("batch", [16, 32, 64])]
    with summit.Study(parameters=parameters, algorithm=RandomSearch(max_num_trials=8), lower_is_better=True,
                      output_dir=str(workdir / "out")) as study:
        seen = []
        for trial in study:
            assert 50 <= trial.parameters["num_units"] <= 200 and trial.parameters["batch"] in (16, 32, 64)
            for epoch in range(1, 4):
                study.add_observation(trial, iteration=epoch, objective=trial.parameters["num_units"] / epoch,
                                      context={"acc": 0.5})
            assert not study.should_trial_stop(trial)
            study.finalize(trial)
            seen.append(trial.id)
        assert len(seen) == 8
        best = study.get_best_result()
        assert best["Objective"] == min(study.connection.show(study.id)[2], key=lambda r: r.objective).objective
        assert best["Iteration"] == 3 and "num_units" in best
        table = study.results
        rows = table.to_dict("records") if hasattr(table, "to_dict") else table
        assert len(rows) == 8 * 4 and {r["Status"] for r in rows} == {"INTERMEDIATE", "COMPLETED"}
        info, _, runs = study.connection.show(study.id)
        assert info.state == "FINISHED" and [r.status for r in runs] == ["COMPLETED"] * 8


def test_optuna_ask_and_tell_and_a_failed_trial(workdir):
    with summit.Study(parameters=[summit.Continuous("x", [0, 1])], algorithm=RandomSearch(max_num_trials=4),
                      lower_is_better=False, output_dir=str(workdir / "out"), retries=0) as study:
        first = study.ask()
        study.tell(first)                                 # no value: FAILED
        while (trial := study.ask()) is not None:
            study.tell(trial, trial.parameters["x"])
        _, _, runs = study.connection.show(study.id)
        assert [r.status for r in runs] == ["FAILED", "COMPLETED", "COMPLETED", "COMPLETED"]
        assert study.get_best_result()["Objective"] == max(r.objective for r in runs if r.objective is not None)


def test_the_stopping_rule_stops_a_trial_in_the_loop(workdir):
    with summit.Study(parameters=[summit.Continuous("x", [0, 1])], algorithm=RandomSearch(max_num_trials=6),
                      lower_is_better=True, stopping_rule=MedianStoppingRule(min_iterations=2, min_trials=1),
                      output_dir=str(workdir / "out")) as study:
        stopped = 0
        for n, trial in enumerate(study):
            value = 10.0 - n if n < 3 else 100.0  # later trials are far worse
            for epoch in range(1, 6):
                if study.add_observation(trial, iteration=epoch, objective=value):
                    assert study.should_trial_stop(trial)
                    stopped += 1
                    break
            study.finalize(trial, "STOPPED" if study.should_trial_stop(trial) else "COMPLETED")
        statuses = [r.status for r in study.connection.show(study.id)[2]]
        assert stopped == 3 and statuses.count("STOPPED") == 3


LOOP = """
import sys, summit
client = summit.connect(sys.argv[1])
study = client.study(int(sys.argv[2]))
done = 0
for trial in study:
    study.add_observation(trial, iteration=1, objective=trial.parameters["x"])
    study.finalize(trial)
    done += 1
print(done)
"""


def test_four_processes_share_one_study_and_a_killed_one_has_its_trial_retried(workdir):
    env = dict(os.environ, PYTHONPATH=os.path.join(SOURCE_DIR, "clients", "python"))
    with summit.local(workdir / "data", slots=0) as client:
        study_id = client.submit({"name": "shared", "objective": {"goal": "minimize"}, "retries": 1,
                                  "algorithm": {"name": "random", "max_trials": 40},
                                  "parameters": {"x": {"type": "continuous", "range": [0, 1]}}})
        # One asks for a trial and dies with it.
        doomed = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
            import sys, time, summit
            study = summit.connect(sys.argv[1]).study(int(sys.argv[2]))
            trial = study.ask()
            print(trial.id, flush=True)
            time.sleep(600)""" ), client.coordinator, str(study_id)], stdout=subprocess.PIPE, text=True, env=env)
        lost = int(doomed.stdout.readline())
        doomed.send_signal(signal.SIGKILL)
        doomed.wait()
        loops = [subprocess.Popen([sys.executable, "-c", LOOP, client.coordinator, str(study_id)],
                                  stdout=subprocess.PIPE, text=True, env=env) for _ in range(4)]
        counts = [int(p.communicate(timeout=120)[0]) for p in loops]
        assert sum(counts) == 40  # the retry of the lost trial among them
        info, _, runs = client.show(study_id)
        assert info.state == "FINISHED"
        by_id = {r.id: r for r in runs}
        assert by_id[lost].status == "FAILED" and "lost" in by_id[lost].reason
        retry = [r for r in runs if r.parameters == by_id[lost].parameters and r.id != lost]
        assert len(retry) == 1 and retry[0].status == "COMPLETED"
        assert sum(r.status == "COMPLETED" for r in runs) == 40


def test_bad_input_in_a_study_is_a_clear_exception(workdir):
    with summit.local(workdir / "data", slots=0) as client:
        with pytest.raises(SummitError, match="no study 99"):
            client.study(99)
        with pytest.raises(SummitError, match="range must be"):
            summit.Study(parameters=[summit.Continuous("x", [0, 1, 2])], algorithm=RandomSearch(2),
                         lower_is_better=True, coordinator=client)
        with pytest.raises(SummitError, match="min 1 is greater than max 0"):
            summit.Study(parameters=[summit.Continuous("x", [1, 0])], algorithm=RandomSearch(2),
                         lower_is_better=True, coordinator=client)
        study = summit.Study(parameters=[summit.Continuous("x", [0, 1])], algorithm=RandomSearch(2),
                             lower_is_better=True, coordinator=client)
        trial = study.ask()
        study.add_observation(trial, iteration=1, objective=0.5)
        study.finalize(trial)
        with pytest.raises(SummitError, match="not running in this client"):
            study.finalize(trial)
        with pytest.raises(SummitError, match="has already ended") as ended:
            study.add_observation(trial, iteration=2, objective=0.4)
        assert ended.value.code == 7
        study.close()


SLOW_LOOP = """
import sys, time, summit
study = summit.connect(sys.argv[1]).study(int(sys.argv[2]))
for trial in study:
    for i in range(1, 6):
        study.add_observation(trial, iteration=i, objective=trial.parameters["x"] * i)
        time.sleep(0.05)
    study.finalize(trial)
"""


def test_a_coordinator_killed_mid_loop_comes_back_and_every_observation_is_kept_once(workdir):
    address = free_address()
    first, client = start_coordinator(workdir / "data", address)
    env = dict(os.environ, PYTHONPATH=os.path.join(SOURCE_DIR, "clients", "python"))
    try:
        study_id = client.submit({"name": "survives", "objective": {"goal": "minimize"}, "retries": 0,
                                  "algorithm": {"name": "random", "max_trials": 12},
                                  "parameters": {"x": {"type": "continuous", "range": [0, 1]}}})
        loops = [subprocess.Popen([sys.executable, "-c", SLOW_LOOP, address, str(study_id)], env=env)
                 for _ in range(2)]
        time.sleep(1.0)
        first.send_signal(signal.SIGKILL)
        first.wait()
        time.sleep(0.5)
        second, client = start_coordinator(workdir / "data", address)
        for p in loops:
            assert p.wait(timeout=120) == 0
        info, _, runs = client.show(study_id)
        assert info.state == "FINISHED"
        assert [r.status for r in runs] == ["COMPLETED"] * 12
        rows = client.results(study_id)
        rows = rows.to_dict("records") if hasattr(rows, "to_dict") else rows
        intermediate = [(r["Trial-ID"], r["Iteration"]) for r in rows if r["Status"] == "INTERMEDIATE"]
        assert sorted(intermediate) == sorted({(r.id, i) for r in runs for i in range(1, 6)})
    finally:
        for p in (first, locals().get("second")):
            if p is not None and p.poll() is None:
                p.terminate()
                p.wait()


def test_a_told_value_the_coordinator_refuses_leaves_the_trial_running(workdir):
    with summit.Study(parameters=[summit.Continuous("x", [0, 1])], algorithm=RandomSearch(max_num_trials=2),
                      output_dir=str(workdir / "out")) as study:
        trial = study.ask()
        # A metric named as a parameter: the value and the end are refused together.
        with pytest.raises(SummitError, match="column of the results table"):
            study._client.tell(trial, "COMPLETED", last=(0, 0.5, {"x": 1.0}))
        info, _, runs = study.connection.show(study.id)
        assert info.counts["RUNNING"] == 1 and runs[0].objective is None
        study.tell(trial, 0.25)  # the trial is still this process's to end
        _, _, runs = study.connection.show(study.id)
        assert runs[0].status == "COMPLETED" and runs[0].objective == 0.25


def test_an_ask_given_up_gives_its_slot_back(workdir):
    with summit.Study(parameters=[summit.Continuous("x", [0, 1])], algorithm=RandomSearch(max_num_trials=3),
                      output_dir=str(workdir / "out"), max_concurrent=1) as study:
        first = study.ask()
        assert study.ask(timeout=0.3) is None  # max_concurrent holds the second back
        study.tell(first, 0.5)
        time.sleep(0.5)
        # Nothing came unasked: the next trial is made when asked for.
        info, _, _ = study.connection.show(study.id)
        assert info.counts.get("RUNNING", 0) == 0 and not study._client._trials
        second = study.ask(timeout=5)
        assert second is not None and second.id != first.id
        study.tell(second, 0.4)


def test_a_loop_ends_when_the_coordinator_says_the_study_makes_no_more_trials(workdir):
    """Each process is told: none asks the study's state (ended() is never
    consulted here), whether it waits while the last trial runs elsewhere or
    asks after the study finished."""
    with summit.Study(parameters=[summit.Continuous("x", [0, 1])], algorithm=RandomSearch(max_num_trials=2),
                      output_dir=str(workdir / "out")) as study:
        other = study.connection.study(study.id)
        try:
            first, last = study.ask(), other.ask()
            study.tell(first, 0.5)
            consulted = []
            ended = lambda: consulted.append(1) or False  # noqa: E731
            waiting = {}
            waiter = threading.Thread(target=lambda: waiting.update(trial=study._client.ask(ended=ended)))
            waiter.start()
            time.sleep(0.2)
            assert waiter.is_alive()  # the last trial runs in the other process: it might fail and be retried
            other.tell(last, 0.25)
            waiter.join(timeout=60)
            assert not waiter.is_alive() and waiting["trial"] is None
            consulted.clear()
            assert other._client.ask(ended=ended) is None and not consulted
            info, _, _ = study.connection.show(study.id)
            assert info.state == "FINISHED"
        finally:
            other.close()
