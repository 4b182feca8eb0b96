"""Several objectives, constraints and conditional parameters from Python:
Optuna's tell(values) on an nsga2 study, the Pareto front and feasibility
on the Run objects (issue 18)."""

import random

import pytest

import summit
from summit import Study


def dominates(a, b):
    return all(p <= q for p, q in zip(a, b)) and any(p < q for p, q in zip(a, b))


def test_ask_tell_with_two_objectives_a_constraint_and_a_condition(client):
    study_id = client.submit({
        "name": "tradeoff",
        "objectives": [{"metric": "loss", "goal": "minimize"}, {"metric": "latency", "goal": "minimize"}],
        "constraints": [{"metric": "latency", "max": 8}],
        "algorithm": {"name": "nsga2", "max_trials": 30, "population_size": 6, "seed": 4},
        "parameters": {"kind": {"type": "choice", "values": ["small", "big"]},
                       "width": {"type": "continuous", "range": [1, 10], "when": {"kind": "big"}},
                       "x": {"type": "continuous", "range": [0, 1]}}})
    study = client.study(study_id)
    told = {}
    for trial in study:
        p = trial.parameters
        assert ("width" in p) == (p["kind"] == "big")
        width = p.get("width", 1.0)
        values = [(p["x"] - 0.3) ** 2 + 1 / width, width + p["x"]]
        study.tell(trial, values)
        told[trial.id] = values
    assert len(told) == 30
    info = client.studies()[0]
    assert info.objectives == [("loss", "minimize"), ("latency", "minimize")]
    runs = {r.id: r for r in client.show(study_id)[2]}
    for i, values in told.items():
        assert runs[i].objectives == pytest.approx(values)
        assert runs[i].feasible == (values[1] <= 8)
    front = study.pareto_front()
    feasible = [i for i, v in told.items() if v[1] <= 8]
    expected = {i for i in feasible if not any(dominates(told[j], told[i]) for j in feasible)}
    assert {r.id for r in front} == expected
    assert [r.objectives[0] for r in front] == sorted(r.objectives[0] for r in front)
    assert info.front == len(expected)
    with pytest.raises(ValueError, match="2 objective"):
        study.tell(object(), [1.0])
    study.close()


class Everything(summit.algorithms.Algorithm):
    """Sets every parameter, active or not: the server leaves out what the
    point's own values make inactive. Seeded, so that both optimizers come
    up in the test's 12 trials every time."""

    def __init__(self):
        super().__init__()
        self.rng = random.Random(7)

    def get_suggestion(self, parameters, results, lower_is_better):
        assert {p.name: p.when for p in parameters}["momentum"] == {"optimizer": ["sgd"]}
        return {p.name: p.sample(self.rng) for p in parameters}


def test_a_conditional_space_from_python_served_by_an_algorithm_that_sets_everything(workdir):
    parameters = [summit.Choice("optimizer", ["sgd", "adam"]),
                  summit.Continuous("momentum", [0.5, 0.99], "reverse_log", when={"optimizer": "sgd"}),
                  summit.Continuous("x", [0, 1])]
    with Study(parameters, Everything(), lower_is_better=True, output_dir=str(workdir / "data"), name="cond",
               max_concurrent=1) as study:
        seen = []
        for trial in study:
            assert ("momentum" in trial.parameters) == (trial.parameters["optimizer"] == "sgd")
            study.add_observation(trial, objective=trial.parameters["x"])
            study.finalize(trial)
            seen.append(trial.parameters["optimizer"])
            if len(seen) == 12:
                break
        assert set(seen) == {"sgd", "adam"}
        _, space, _ = study.connection.show(study.id)
        assert [p.get("when") for p in space] == [None, {"optimizer": ["sgd"]}, None]


def test_sherpa_study_with_objectives_constraints_and_nsga2(workdir):
    parameters = [summit.Continuous("x", [0, 1]), summit.Continuous("y", [0, 1])]
    with Study(parameters, summit.algorithms.NSGA2(max_num_trials=24, population_size=6, seed=2),
               objectives=[("loss", "minimize"), ("cost", "minimize")],
               constraints=[{"metric": "cost", "max": 0.9}], output_dir=str(workdir / "data"), name="sherpa-mo") as study:
        for trial in study:
            x, y = trial.parameters["x"], trial.parameters["y"]
            study.add_observation(trial, objective=x + 0.2 * y, context={"cost": 1 - x + 0.1 * y})
            study.finalize(trial)
        front = study.pareto_front()
        assert front and all(r.feasible for r in front)
        info = study.connection.studies()[0]
        assert info.objectives == [("loss", "minimize"), ("cost", "minimize")]
        assert info.counts["COMPLETED"] == 24
