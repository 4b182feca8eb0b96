#!/usr/bin/env python3
"""How the dashboard page keeps up with large studies: opens a real study in
headless chromium (the browser test's set-up), grows it in the page to N
trials (copies of the real ones, varied), and prints the time of a full
redraw, of one brush move (what runs on every mouse move while dragging) and
of the table and curves (redrawn at most every 150 ms while dragging).

    bench/dashboard.py [--trials 1000 2000 5000]     # needs chromium, python3-websocket

Run from the source tree after a build; SUMMIT_BIN defaults to build/summit."""

import argparse
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))
os.environ.setdefault("SUMMIT_BIN", os.path.join(HERE, "..", "build", "summit"))

import test_dashboard_browser  # noqa: E402  (after the path is set)

GROW_AND_TIME = """(() => {
  const d = state.doc, s = state.series, trials = [], series = [];
  for (let k = 0; k < %d; k++) {
    const src = d.trials[k %% d.trials.length], id = k + 1;
    const p = Object.assign({}, src.parameters, {lr: src.parameters.lr * (1 + (k %% 7) / 10)});
    trials.push(Object.assign({}, src, {id, parameters: p, objective: (src.objective || 1) * (1 + (k %% 13) / 20)}));
    const from = s.series[k %% s.series.length];
    series.push({trial: id, points: from.points.map(q => [q[0], q[1] * (1 + (k %% 11) / 30)])});
  }
  for (let i = 1; i < 100; i++) clearInterval(i);  // no refresh from the server meanwhile
  state.doc = Object.assign({}, d, {trials});
  state.series = Object.assign({}, s, {series});
  redraw();
  let t0 = performance.now();
  for (let r = 0; r < 5; r++) { state.brushes.objective = [0, 0.5 + r / 20]; redraw(); }
  const full = (performance.now() - t0) / 5;
  t0 = performance.now();
  for (let r = 0; r < 50; r++) { state.brushes.objective = [0, 0.3 + r / 100]; applyBrushes(); }
  const move = (performance.now() - t0) / 50;
  t0 = performance.now();
  for (let r = 0; r < 5; r++) drawDetails();
  return [full, move, (performance.now() - t0) / 5];
})()"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, nargs="+", default=[1000, 2000, 5000])
    sizes = parser.parse_args().trials

    class Bench(test_dashboard_browser.DashboardInBrowser):
        def test_plot_table_curves_brush_and_stop(self):
            b = self.browser
            b.open("http://127.0.0.1:%d/#study/%d" % (self.port, self.study))
            self.assertTrue(b.wait("document.body.dataset.ready === '1'"))
            for n in sizes:
                full, move, details = b.js(GROW_AND_TIME % n)
                print("%6d trials: full redraw %6.1f ms, brush move %5.2f ms, table and curves %6.1f ms"
                      % (n, full, move, details))

    result = unittest.TextTestRunner(verbosity=0).run(unittest.defaultTestLoader.loadTestsFromTestCase(Bench))
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
