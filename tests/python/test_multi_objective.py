"""Several objectives, constraints and conditional parameters from Python:
Optuna's tell(values) on an nsga2 study, the Pareto front and feasibility
on the Run objects (issue 18)."""

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
