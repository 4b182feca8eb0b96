"""A trial that reports often sends without waiting (issue 16): every
observation stored once, the stopping rule's decision and a refusal come
back at collect()."""

import textwrap

TRIAL = """
import summit
client = summit.Client()
trial = client.get_trial()
for i in range(1, 601):
    client.send_metrics(trial, iteration=i, objective=float(i), wait=False)
print("collected", client.collect())
client.send_metrics(trial, iteration=601, objective=1.0, wait=False)
client.send_metrics(trial, iteration=602, wait=False)  # no objective: refused
try:
    client.collect()
    print("not refused")
except summit.SummitError as e:
    print("refused", e.code)
print("waited", client.send_metrics(trial, iteration=603, objective=2.0))
"""


def test_pipelined_observations_are_all_stored_and_collect_brings_the_stop(workdir, client):
    (workdir / "pipelined.py").write_text(textwrap.dedent(TRIAL))
    study_id = client.submit({"name": "pipelined", "command": "/usr/bin/python3 pipelined.py",
                              "objective": {"goal": "minimize"},
                              "stopping": {"rule": "threshold", "threshold": 100, "min_iterations": 1},
                              "algorithm": {"name": "random", "max_trials": 2},
                              "parameters": {"x": {"type": "continuous", "range": [0, 1]}}})
    search = client.hyper.get(study_id)
    assert search.wait(timeout=120).state == "FINISHED"
    table = client.results(study_id)
    rows = table.to_dict("records") if hasattr(table, "to_dict") else table
    for run in search.runs:
        iterations = sorted(r["Iteration"] for r in rows if r["Trial-ID"] == run.id and r["Status"] == "INTERMEDIATE")
        assert iterations == list(range(1, 602)) + [603]
        log = (workdir / "data" / "logs" / ("study-%d" % study_id) / ("trial-%d.log" % run.id)).read_text()
        # Objectives above 100 are worse than the threshold: the acknowledgements said stop.
        assert "collected True" in log and "refused 9" in log and "waited True" in log
