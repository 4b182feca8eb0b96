"""SHERPA's API mode on Summit: the trials run in this script. Tunes an
sklearn MLP on the digits data set, reports the validation loss after every
epoch, lets the median rule stop hopeless trials, and prints the best.
With --algorithm genetic the suggestions come from an algorithm written
here (SHERPA's "writing new algorithms"), served to the coordinator by
summit.Study.

    PYTHONPATH=clients/python SUMMIT_BINARY=build/summit \\
        python3 examples/python-api/sherpa_loop.py [--trials 12] [--algorithm random|genetic] [--data summit-data]
"""

import argparse
import random
import warnings

from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

import summit
from summit.algorithms import Algorithm, MedianStoppingRule, RandomSearch


class Genetic(Algorithm):
    """Crosses two of the best third of the completed trials, a third of
    the values drawn afresh; random points until ten trials completed."""

    def __init__(self, max_num_trials):
        self.max_num_trials = max_num_trials

    def get_suggestion(self, parameters, results, lower_is_better):
        rows = results.to_dict("records") if hasattr(results, "to_dict") else results
        done = sorted((r for r in rows if r["Status"] == "COMPLETED" and r["Objective"] is not None),
                      key=lambda r: r["Objective"], reverse=not lower_is_better)
        if len(done) < 10:
            return {p.name: p.sample() for p in parameters}
        top = done[:len(done) // 3]
        mother, father = random.choice(top), random.choice(top)
        return {p.name: random.choice([mother[p.name], father[p.name], p.sample()]) for p in parameters}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=12)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--algorithm", choices=["random", "genetic"], default="random")
    parser.add_argument("--data", default="summit-data", help="the local coordinator's data directory")
    args = parser.parse_args()

    x, y = load_digits(return_X_y=True)
    x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.25, random_state=0)
    scaler = StandardScaler().fit(x_train)
    x_train, x_val = scaler.transform(x_train), scaler.transform(x_val)
    classes = sorted(set(y))
    warnings.filterwarnings("ignore", category=ConvergenceWarning)

    parameters = [summit.Continuous("lr", [1e-4, 1e-1], "log"),
                  summit.Discrete("units", [16, 128]),
                  summit.Choice("activation", ["relu", "tanh", "logistic"])]
    algorithm = RandomSearch(max_num_trials=args.trials) if args.algorithm == "random" else Genetic(args.trials)
    with summit.Study(parameters=parameters, algorithm=algorithm,
                      lower_is_better=True, stopping_rule=MedianStoppingRule(min_iterations=2),
                      output_dir=args.data, name="digits-in-python") as study:
        for trial in study:
            p = trial.parameters
            model = MLPClassifier(hidden_layer_sizes=(p["units"],), activation=p["activation"],
                                  learning_rate_init=p["lr"], batch_size=64, random_state=trial.id)
            for epoch in range(1, args.epochs + 1):
                model.partial_fit(x_train, y_train, classes=classes)
                loss = log_loss(y_val, model.predict_proba(x_val), labels=classes)
                if study.add_observation(trial, iteration=epoch, objective=loss):
                    break
            stopped = study.should_trial_stop(trial)
            study.finalize(trial, "STOPPED" if stopped else "COMPLETED")
            print("trial %d: %s -> %.4f%s" % (trial.id, p, loss, " (stopped)" if stopped else ""))
        print("best:", study.get_best_result())


if __name__ == "__main__":
    main()
