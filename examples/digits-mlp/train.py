"""Trains an sklearn MLPClassifier on the digits data set for a few epochs
with partial_fit and reports the validation log-loss (and accuracy) after
each one. Run by `summit run examples/digits-mlp/study.yaml`.

With --load-from and --save-to (ASHA, study-asha.yaml) it goes on training a
saved model up to --epochs in all, and saves it for the next rung."""

import argparse
import os
import pickle
import warnings

from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

import summit


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, required=True)
    parser.add_argument("--units", type=int, required=True)
    parser.add_argument("--activation", required=True)
    parser.add_argument("--alpha", type=float, required=True)
    parser.add_argument("--epochs", type=int, default=8, help="train up to this many epochs in all")
    parser.add_argument("--load-from", default="", help="a model saved by an earlier trial")
    parser.add_argument("--save-to", default="", help="where to save the model at the end")
    args = parser.parse_args()

    client = summit.Client()
    trial = client.get_trial()

    x, y = load_digits(return_X_y=True)
    x_train, x_val, y_train, y_val = train_test_split(x, y, test_size=0.25, random_state=0)
    scaler = StandardScaler().fit(x_train)
    x_train, x_val = scaler.transform(x_train), scaler.transform(x_val)
    classes = sorted(set(y))

    if args.load_from:
        with open(args.load_from, "rb") as f:
            model, done = pickle.load(f)
    else:
        model = MLPClassifier(hidden_layer_sizes=(args.units,), activation=args.activation,
                              alpha=args.alpha, learning_rate_init=args.lr, batch_size=64,
                              random_state=trial.id)
        done = 0
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    for epoch in range(done + 1, args.epochs + 1):
        model.partial_fit(x_train, y_train, classes=classes)
        val_loss = log_loss(y_val, model.predict_proba(x_val), labels=classes)
        acc = accuracy_score(y_val, model.predict(x_val))
        print("epoch %d: val_loss %.4f, accuracy %.4f" % (epoch, val_loss, acc), flush=True)
        if client.send_metrics(trial, iteration=epoch, objective=val_loss, context={"accuracy": acc}):
            print("stopped by Summit", flush=True)
            return
    if args.save_to:
        # Written whole, then renamed: a killed trial never leaves half a model.
        with open(args.save_to + ".tmp", "wb") as f:
            pickle.dump((model, args.epochs), f)
        os.replace(args.save_to + ".tmp", args.save_to)


if __name__ == "__main__":
    main()
