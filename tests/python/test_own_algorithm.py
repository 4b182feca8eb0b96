"""Algorithms written in Python (SHERPA's "writing new algorithms"): a
process serves a study's suggestions, for trials run by workers and for the
Study loop alike."""

import os
import random
import subprocess
import sys
import textwrap
import time

import pytest

import summit
from summit.algorithms import Algorithm, AlgorithmState

from conftest import SOURCE_DIR, free_address, start_coordinator

COMMAND = "/usr/bin/python3 trial.py --x :x:"


class GeneticLike(Algorithm):
    """The reference's genetic-like example ("Writing Your Own Algorithm"),
    with its slips mended (an undefined dict, numpy imported as np and used
    as numpy, an undefined `d`): crosses two of the top third of the
    completed trials, a third of the values drawn afresh."""

    max_num_trials = 30

    def __init__(self):
        import numpy
        self.np = numpy
        self.seen = []  # (rows of the results table, top values) per call

    def get_suggestion(self, parameters, results, lower_is_better):
        trial_1_params = self._get_candidate(parameters, results, lower_is_better)
        trial_2_params = self._get_candidate(parameters, results, lower_is_better)
        params_values_for_next_trial = {}
        for param_name in trial_1_params.keys():
            param_origin = self.np.random.randint(3)
            if param_origin == 1:
                params_values_for_next_trial[param_name] = trial_1_params[param_name]
            elif param_origin == 2:
                params_values_for_next_trial[param_name] = trial_2_params[param_name]
            else:
                for parameter_object in parameters:
                    if param_name == parameter_object.name:
                        params_values_for_next_trial[param_name] = parameter_object.sample()
        return params_values_for_next_trial

    def _get_candidate(self, parameters, results, lower_is_better, min_candidates=10):
        if results.shape[0] > 0:
            population = results.loc[results["Status"] != "INTERMEDIATE", :]
        else:
            population = None
        if population is None or population.shape[0] < min_candidates:
            return {p.name: p.sample() for p in parameters}
        population = population.sort_values(by="Objective", ascending=lower_is_better)
        idx = self.np.random.randint(low=0, high=population.shape[0] // 3)
        trial_all_values = population.iloc[idx].to_dict()
        self.seen.append((results.shape[0], [row["x"] for _, row in population.iloc[:population.shape[0] // 3].iterrows()]))
        return {param.name: trial_all_values[param.name] for param in parameters}


def test_the_references_genetic_like_algorithm_drives_a_study_loop_to_the_end(workdir):
    pytest.importorskip("pandas")
    import numpy
    numpy.random.seed(7)
    random.seed(7)
    algorithm = GeneticLike()
    parameters = [summit.Continuous("x", [0, 1]), summit.Discrete("units", [16, 256], "log"),
                  summit.Choice("act", ["relu", "tanh", "sigmoid"])]
    with summit.Study(parameters=parameters, algorithm=algorithm, lower_is_better=True,
                      output_dir=str(workdir / "out")) as study:
        for trial in study:
            p = trial.parameters
            assert 0 <= p["x"] <= 1 and 16 <= p["units"] <= 256 and isinstance(p["units"], int)
            loss = (p["x"] - 0.3) ** 2 + abs(p["units"] - 64) / 1000 + (p["act"] != "relu")
            study.add_observation(trial, iteration=1, objective=loss)
            study.finalize(trial)
        info, _, runs = study.connection.show(study.id)
        assert study.algorithm_server.error is None
        assert study.algorithm_server.served == 30
    assert info.state == "FINISHED" and not info.waiting
    assert len(runs) == 30 and {r.status for r in runs} == {"COMPLETED"}
    # After 10 completed trials it crossed the best third: some later trial
    # carries an x of one of them, float for float.
    assert algorithm.seen and algorithm.seen[-1][0] >= 2 * 20
    later = [r.parameters["x"] for r in runs[11:]]
    assert any(x in top for _, top in algorithm.seen for x in later)


class Sampler(Algorithm):
    """Random points, and a list of dicts for results when pandas is absent."""

    def __init__(self, limit=None):
        self.limit = limit
        self.calls = 0

    def get_suggestion(self, parameters, results, lower_is_better):
        self.calls += 1
        if self.limit is not None and self.calls > self.limit:
            return AlgorithmState.DONE
        return {p.name: p.sample() for p in parameters}


def external_study(name, max_trials=None):
    algorithm = {"name": "external"}
    if max_trials:
        algorithm["max_trials"] = max_trials
    return {"name": name, "command": COMMAND, "objective": {"metric": "loss", "goal": "minimize"},
            "algorithm": algorithm, "parameters": {"x": {"type": "continuous", "range": [0.5, 2]}}}


def wait_for(client, study_id, state="FINISHED", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = client.show(study_id)[0]
        if info.state == state:
            return info
        time.sleep(0.1)
    raise AssertionError("study %d did not reach %s: %r" % (study_id, state, info))


def test_workers_run_the_trials_a_served_algorithm_suggests_and_the_study_says_while_it_waits(client):
    study_id = client.submit(external_study("served", max_trials=6))
    time.sleep(0.5)
    info, _, runs = client.show(study_id)
    assert info.state == "RUNNING" and runs == []
    assert info.waiting == "its algorithm process (algorithm external): none is connected"
    served = client.serve_algorithm(study_id, Sampler())  # returns when the study has ended
    info, _, runs = client.show(study_id)
    assert served == 6 and info.state == "FINISHED" and not info.waiting
    assert len(runs) == 6 and {r.status for r in runs} == {"COMPLETED"}
    assert all(r.objective == pytest.approx(r.parameters["x"]) for r in runs)


def test_an_algorithm_that_says_done_ends_the_study(client):
    study_id = client.submit(external_study("done"))
    assert client.serve_algorithm(study_id, Sampler(limit=3)) == 3
    info, _, runs = client.show(study_id)
    assert info.state == "FINISHED" and len(runs) == 3


def test_a_point_outside_the_space_is_refused_and_the_study_waits_for_a_better_process(client):
    class Outside(Algorithm):
        def get_suggestion(self, parameters, results, lower_is_better):
            return {"x": 5.0}

    study_id = client.submit(external_study("outside", max_trials=2))
    with pytest.raises(summit.SummitError) as refused:
        client.serve_algorithm(study_id, Outside())
    assert refused.value.code == 15 and "x: 5 is outside the range [0.5, 2]" in str(refused.value)
    info, _, runs = client.show(study_id)
    assert runs == [] and "sent a point outside the search space" in info.waiting
    assert client.serve_algorithm(study_id, Sampler()) == 2
    assert client.show(study_id)[0].state == "FINISHED"


def test_serving_a_study_whose_algorithm_is_not_external_is_refused(client):
    study_id = client.submit(dict(external_study("random"), algorithm={"name": "random", "max_trials": 1}))
    with pytest.raises(summit.SummitError) as refused:
        client.serve_algorithm(study_id, Sampler())
    assert refused.value.code == 15 and "has algorithm random, not external" in str(refused.value)
    with pytest.raises(summit.SummitError) as missing:
        client.serve_algorithm(999, Sampler())
    assert "unknown study 999" in str(missing.value)
    with pytest.raises(summit.SummitError):
        client.serve_algorithm(study_id, object())  # no get_suggestion


SERVE_WITHOUT_PANDAS = """
import sys
sys.modules["pandas"] = None  # as on a machine without pandas
import summit
from summit.algorithms import Algorithm

class Checks(Algorithm):
    def get_suggestion(self, parameters, results, lower_is_better):
        assert isinstance(results, list) and lower_is_better
        assert all(set(row) >= {"Trial-ID", "Status", "Iteration", "Objective", "x"} for row in results)
        return {"x": parameters[0].sample()}

print(summit.connect(sys.argv[1]).serve_algorithm(int(sys.argv[2]), Checks()))
"""


def test_a_standby_takes_over_when_the_serving_process_dies_and_pandas_is_optional(client):
    study_id = client.submit(external_study("standby", max_trials=4))

    # The first process serves one point, then hangs: it will be killed.
    first = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys, time, summit
        from summit.algorithms import Algorithm
        class Once(Algorithm):
            calls = 0
            def get_suggestion(self, parameters, results, lower_is_better):
                self.calls += 1
                if self.calls == 2:
                    return "WAIT"
                if self.calls > 2:
                    time.sleep(3600)
                return {"x": 1.0}
        summit.connect(sys.argv[1]).serve_algorithm(int(sys.argv[2]), Once())
        """), client.coordinator, str(study_id)], env=dict(os.environ, PYTHONPATH=os.path.join(SOURCE_DIR, "clients", "python")))
    try:
        deadline = time.monotonic() + 30
        while not client.show(study_id)[2] and time.monotonic() < deadline:
            time.sleep(0.1)
        standby = subprocess.Popen([sys.executable, "-c", SERVE_WITHOUT_PANDAS, client.coordinator, str(study_id)],
                                   env=dict(os.environ, PYTHONPATH=os.path.join(SOURCE_DIR, "clients", "python")),
                                   stdout=subprocess.PIPE, text=True)
        time.sleep(1.5)
        waiting = client.show(study_id)[0].waiting
        assert waiting.startswith("its algorithm process algorithm-") and "to suggest" in waiting
        first.kill()
        out, _ = standby.communicate(timeout=60)
        assert standby.returncode == 0 and out.strip() == "3"
    finally:
        first.kill()
        first.wait()
    info, _, runs = client.show(study_id)
    assert info.state == "FINISHED" and [r.parameters["x"] for r in runs][0] == 1.0 and len(runs) == 4


SERVE_FOREVER = """
import sys, summit
from summit.algorithms import Algorithm

class Sampler(Algorithm):
    def get_suggestion(self, parameters, results, lower_is_better):
        return {"x": parameters[0].sample()}

print(summit.connect(sys.argv[1], timeout=1).serve_algorithm(int(sys.argv[2]), Sampler()))
"""


def test_a_coordinator_killed_while_a_process_serves_comes_back_and_the_study_finishes(workdir):
    import signal
    address = free_address()
    env = dict(os.environ, PYTHONPATH=os.path.join(SOURCE_DIR, "clients", "python"))
    first, client = start_coordinator(workdir / "data", address)
    second = server = loop = None
    try:
        # Trials run in an asking loop; their points come from the served algorithm.
        spec = external_study("restart", max_trials=12)
        del spec["command"]
        study_id = client.submit(spec)
        server = subprocess.Popen([sys.executable, "-c", SERVE_FOREVER, address, str(study_id)], env=env,
                                  stdout=subprocess.PIPE, text=True)
        loop = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
            import sys, time, summit
            study = summit.connect(sys.argv[1]).study(int(sys.argv[2]))
            for trial in study:
                study.add_observation(trial, iteration=1, objective=trial.parameters["x"])
                time.sleep(0.2)
                study.finalize(trial)
            """), address, str(study_id)], env=env)
        deadline = time.monotonic() + 30
        while len(client.show(study_id)[2]) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        first.send_signal(signal.SIGKILL)
        first.wait()
        second, client = start_coordinator(workdir / "data", address)
        assert loop.wait(timeout=120) == 0
        out, _ = server.communicate(timeout=60)
        assert server.returncode == 0 and int(out) >= 12  # points lost with the coordinator are asked again
        info, _, runs = client.show(study_id)
        assert info.state == "FINISHED" and len(runs) == 12
        assert [r.status for r in runs] == ["COMPLETED"] * 12
    finally:
        for p in (server, loop, first, second):
            if p is not None and p.poll() is None:
                p.kill()
                p.wait()
