"""The dashboard in a real browser (issue 8): headless chromium over the
DevTools protocol opens a study in progress, and the test checks what a user
sees and does: the parallel-coordinates plot, the table (its rows, and their
order after a click on a header), the curves, a brush dragged along an axis
that the table follows, and the stop button of a running trial, which ends
it STOPPED. A screenshot is saved under the build directory. Skipped, with
the reason, where chromium or python3-websocket is missing."""

import json
import os
import time
import unittest
import urllib.request

import subprocess

import browser
from cluster import Cluster, free_port
from harness import SUMMIT, SummitTest, wait_for

TRIALS = 24
STUDY = """
name: browser
command: /usr/bin/python3 trial.py
objective: {goal: minimize}
algorithm: {name: random, max_trials: %d, seed: 5}
parameters:
  lr: {type: continuous, range: [0.0001, 0.1], scale: log}
  units: {type: discrete, range: [16, 256]}
  act: {type: choice, values: [relu, tanh]}
""" % TRIALS

# The last trials run until they are stopped, so that some are RUNNING
# while the page is looked at.
TRIAL = """
import math, time, summit
client = summit.Client()
trial = client.get_trial()
p = trial.parameters
final = (math.log10(p["lr"]) + 2.5) ** 2 + (0.3 if p["act"] == "tanh" else 0) + 10 / p["units"]
i = 0
while i < 6 or trial.id > %d:
    if client.send_metrics(trial, iteration=i, objective=final + 2.0 / (i + 1)):
        break
    i += 1
    time.sleep(0.02 if trial.id <= %d else 0.2)
""" % (TRIALS - 2, TRIALS - 2)

WHY_NOT = browser.why_not()


@unittest.skipIf(WHY_NOT, "dashboard browser test skipped: %s" % WHY_NOT)
class DashboardInBrowser(SummitTest):
    def setUp(self):
        super().setUp()
        self.cluster = Cluster.with_dashboard(self)
        self.port = self.cluster.dashboard_port
        self.write("trial.py", TRIAL)
        self.cluster.start_worker("w", slots=3)
        self.study = self.cluster.submit(self.write("study.yaml", STUDY))
        # Every trial but the two endless ones done; those two running.
        self.assertTrue(wait_for(lambda: self.counts()["COMPLETED"] == TRIALS - 2 and self.counts()["RUNNING"] == 2,
                                 timeout=90), self.counts())
        self.browser = browser.Browser()
        self.addCleanup(self.browser.close)

    def counts(self):
        return self.cluster.show(self.study)["counts"]

    def rows(self):
        return self.browser.js("[...document.querySelectorAll('#trials tr[data-trial]')].map(r => "
                               "[+r.dataset.trial, ...[...r.cells].map(c => c.textContent)])")

    def column(self, name):
        header = self.browser.js("[...document.querySelectorAll('#trials th')].map(h => h.dataset.key)")
        at = header.index(name) + 1  # rows() puts the trial id first
        return [r[at] for r in self.rows()]

    def api(self, path):
        return json.loads(urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.port, path)).read())

    def numbers(self, name):
        """A numeric column's values, without the empty cells (sorted last either way)."""
        return [float(v) for v in self.column(name) if v != ""]

    def test_plot_table_curves_brush_and_stop(self):
        b = self.browser
        b.open("http://127.0.0.1:%d/#study/%d" % (self.port, self.study))
        self.assertTrue(b.wait("document.body.dataset.ready === '1' && "
                               "document.querySelectorAll('#trials tr[data-trial]').length === %d" % TRIALS),
                        "the page never showed the study's %d trials" % TRIALS)

        # The plot: a line per trial over 4 axes (3 parameters, the objective),
        # lr on a log axis, act as categories.
        self.assertEqual(b.js("document.querySelectorAll('#parallel polyline').length"), TRIALS)
        self.assertEqual(b.js("[...document.querySelectorAll('#parallel g.axis')].map(g => g.dataset.axis)"),
                         ["lr", "units", "act", "objective"])
        self.assertIn("(log)", b.js("document.querySelector('#parallel g.axis[data-axis=lr] text').textContent"))
        ticks = b.js("[...document.querySelectorAll('#parallel g.axis[data-axis=act] text')].map(t => t.textContent)")
        self.assertEqual(ticks[1:], ["relu", "tanh"])
        # The curves: one per trial with observations, the best drawn thickest.
        self.assertEqual(b.js("document.querySelectorAll('#curves polyline').length"), TRIALS)
        best = self.cluster.show(self.study)["best"]["trial"]
        self.assertEqual(b.js("+document.querySelector('#curves polyline[stroke-width=\"3\"]').dataset.trial"), best)

        # The history: a point per COMPLETED trial in order of completion, and
        # the best-so-far line ending at the best value.
        doc = self.api("/api/studies/%d" % self.study)
        done = sorted((t for t in doc["trials"] if t["status"] == "COMPLETED"), key=lambda t: (t["ended_ms"], t["id"]))
        self.assertEqual(b.js("[...document.querySelectorAll('#history circle')].map(c => +c.dataset.trial)"),
                         [t["id"] for t in done])
        best_y = b.js("+document.querySelector('#history circle[data-trial=\"%d\"]').getAttribute('cy')" % best)
        line = b.js("document.querySelector('#history path.bestline').getAttribute('d')")
        self.assertAlmostEqual(float(line.rsplit("V", 1)[1]), best_y, places=3)
        # Importance: the bars in the API's order, the numbers in the text alternative.
        importance = self.api("/api/studies/%d/importance" % self.study)
        self.assertEqual(b.js("[...document.querySelectorAll('#importance g[data-param]')].map(g => g.dataset.param)"),
                         [p["name"] for p in importance["parameters"]])
        label = b.js("document.getElementById('importance').getAttribute('aria-label')")
        for p in importance["parameters"]:
            self.assertIn("%s %.3f" % (p["name"], p["importance"]), label)
        # Slices: one per parameter, a point per COMPLETED trial.
        self.assertEqual(b.js("[...document.querySelectorAll('#slices svg')].map(s => s.dataset.param)"),
                         ["lr", "units", "act"])
        for name in ("lr", "units", "act"):
            self.assertEqual(b.js("document.querySelectorAll('#slices svg[data-param=%s] circle').length" % name), len(done))
        # The history's numbers, for those who cannot see the chart.
        b.js("document.querySelector('details[data-for=history]').open = true")
        self.assertTrue(b.wait("document.querySelectorAll('details[data-for=history] tr').length === %d" % (len(done) + 1)))

        # Sorting: a click on the objective header orders the rows by it.
        b.click("#trials th[data-key=objective]")
        values = self.numbers("objective")
        self.assertEqual(values, sorted(values))
        b.click("#trials th[data-key=objective]")
        values = self.numbers("objective")
        self.assertEqual(values, sorted(values, reverse=True))

        # Brushing: drag from the middle of the objective axis to below its
        # end; the table keeps only the trials whose line crosses that half.
        b.js("document.getElementById('parallel').scrollIntoView()")  # the sort's clicks scrolled to the table
        left, top, width, height = b.center("#parallel g.axis[data-axis=objective] rect.hit")
        b.drag(left + width / 2, top + height / 2, top + height + 30)
        self.assertTrue(b.wait("document.querySelector('#parallel .brush') !== null"))
        shown = self.rows()
        self.assertLess(len(shown), TRIALS)
        self.assertGreater(len(shown), 0)
        doc = json.loads(urllib.request.urlopen("http://127.0.0.1:%d/api/studies/%d" % (self.port, self.study)).read())
        objectives = sorted(t["objective"] for t in doc["trials"] if t["objective"] is not None)
        middle = (objectives[0] + objectives[-1]) / 2
        self.assertEqual(len(self.numbers("objective")), len(shown))
        for value in self.numbers("objective"):
            self.assertLessEqual(value, middle * 1.01)
        self.assertIn("(%d of %d)" % (len(shown), TRIALS), b.js("document.getElementById('shown').textContent"))
        # The brush dims the same trials in the history and every slice.
        kept = sorted(r[0] for r in shown if r[0] in {t["id"] for t in done})
        lit = "[...document.querySelectorAll('%s circle:not(.off)')].map(c => +c.dataset.trial).sort((a, b) => a - b)"
        self.assertEqual(b.js(lit % "#history"), kept)
        for name in ("lr", "units", "act"):
            self.assertEqual(b.js(lit % ("#slices svg[data-param=%s]" % name)), kept)
        shot = os.path.join(os.path.dirname(os.path.abspath(SUMMIT)), "dashboard.png")
        b.screenshot(shot)
        # A click on the axis clears its brush. The screenshot resized the
        # viewport twice and may have scrolled it: the page redraws 100 ms
        # after each resize, so the axis is brought into view and measured
        # again once that has settled.
        time.sleep(0.5)
        b.js("document.getElementById('parallel').scrollIntoView()")
        left, top, width, height = b.center("#parallel g.axis[data-axis=objective] rect.hit")
        b.drag(left + width / 2, top + height / 3, top + height / 3)
        self.assertTrue(b.wait("document.querySelectorAll('#trials tr[data-trial]').length === %d" % TRIALS))

        # The table from the keyboard: a header sorts on Enter and keeps the focus.
        b.js("document.querySelector('#trials th[data-key=id]').focus()")
        b.js("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}))")
        self.assertEqual(b.js("document.activeElement.dataset.key"), "id")
        self.assertEqual(b.js("document.querySelector('#trials th[data-key=id]').getAttribute('aria-sort')"), "ascending")
        self.assertEqual([r[0] for r in self.rows()], sorted(r[0] for r in self.rows()))
        # The refresh every 2 s rebuilds the table; the header keeps the focus.
        time.sleep(2.5)
        self.assertEqual(b.js("document.activeElement.dataset.key"), "id")

        # Stop: the button of a running trial ends it STOPPED through the rule path.
        running = b.js("+document.querySelector('#trials button[data-stop]').dataset.stop")
        b.click("#trials button[data-stop='%d']" % running)
        self.assertTrue(wait_for(lambda: next(t for t in self.cluster.show(self.study)["trials"]
                                              if t["id"] == running)["status"] == "STOPPED", timeout=30))
        self.assertTrue(b.wait("document.querySelector(\"#trials tr[data-trial='%d'] td.STOPPED\") !== null" % running))
        print("\nscreenshot: " + shot)


# Two objectives and a constraint; x near 0 breaks it.
FRONT_STUDY = """
name: front
command: /usr/bin/python3 trial.py
objectives:
  - {metric: loss, goal: minimize}
  - {metric: cost, goal: minimize}
constraints:
  - {metric: cost, max: 0.9}
algorithm: {name: nsga2, max_trials: 30, population_size: 8, seed: 3}
parameters:
  x: {type: continuous, range: [0, 1]}
  y: {type: continuous, range: [0, 1]}
"""

FRONT_TRIAL = """
import summit
client = summit.Client()
trial = client.get_trial()
x, y = trial.parameters["x"], trial.parameters["y"]
client.send_metrics(trial, iteration=1, objective=x + 0.2 * y, context={"cost": 1 - x + 0.2 * y * y})
"""


@unittest.skipIf(WHY_NOT, "dashboard browser test skipped: %s" % WHY_NOT)
class ParetoFrontInBrowser(SummitTest):
    """A study with two objectives read by `summit dashboard --data`: the
    scatter of the objectives with the front marked, axes chosen by the
    selects, a click on a point that finds the trial in the table, and the
    brushes of the parallel coordinates dimming points."""

    def setUp(self):
        super().setUp()
        self.write("trial.py", FRONT_TRIAL)
        self.run_study(self.write("study.yaml", FRONT_STUDY), "--workers", "4")
        self.port = free_port()
        self.dashboard = subprocess.Popen([SUMMIT, "dashboard", "--data", self.data, "--port", str(self.port)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(self.dashboard.wait)
        self.addCleanup(self.dashboard.kill)
        self.assertTrue(wait_for(lambda: self.reachable(), timeout=20))
        self.browser = browser.Browser()
        self.addCleanup(self.browser.close)

    def reachable(self):
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/api/studies" % self.port)
            return True
        except OSError:
            return False

    def api(self, path):
        return json.loads(urllib.request.urlopen("http://127.0.0.1:%d%s" % (self.port, path)).read())

    def test_the_front_its_axes_a_picked_point_and_the_brushes(self):
        b = self.browser
        b.open("http://127.0.0.1:%d/#study/1" % self.port)
        self.assertTrue(b.wait("document.body.dataset.ready === '1' && document.querySelectorAll('#front circle').length > 0"))
        doc, best = self.api("/api/studies/1"), self.api("/api/studies/1/best")
        front = sorted(t["id"] for t in best["front"])
        completed = [t for t in doc["trials"] if t["status"] == "COMPLETED"]
        ids = "[...document.querySelectorAll('%s')].map(c => +c.dataset.trial).sort((a, b) => a - b)"
        self.assertEqual(b.js(ids % "#front circle"), sorted(t["id"] for t in completed))
        self.assertEqual(b.js(ids % "#front circle.best"), front)
        self.assertEqual(b.js(ids % "#front circle.infeasible"), sorted(t["id"] for t in completed if not t["feasible"]))
        self.assertIn("Pareto front of %d trial" % len(front), b.js("document.getElementById('summary').textContent"))
        self.assertEqual(b.js("[...document.querySelectorAll('#parallel g.axis')].map(g => g.dataset.axis)"),
                         ["x", "y", "loss", "cost"])
        self.assertEqual(b.js(ids % "#trials tr.best"), front)
        # loss on x, cost on y: the point of the lowest loss is leftmost.
        lowest = min(best["front"], key=lambda t: t["objectives"][0])["id"]
        left = b.js("[...document.querySelectorAll('#front circle')].sort((p, q) => p.getAttribute('cx') - "
                    "q.getAttribute('cx'))[0].dataset.trial")
        self.assertEqual(int(left), min((t for t in completed), key=lambda t: t["objectives"][0])["id"])
        # Swapping the axes with the selects: the lowest loss is now lowest on the page (largest cy).
        b.js("const s = document.getElementById('front-x'); s.value = 1; s.dispatchEvent(new Event('change'));"
             "const t = document.getElementById('front-y'); t.value = 0; t.dispatchEvent(new Event('change'));")
        bottom = b.js("[...document.querySelectorAll('#front circle')].sort((p, q) => q.getAttribute('cy') - "
                      "p.getAttribute('cy'))[0].dataset.trial")
        self.assertEqual(int(bottom), int(left))
        # A click on a point of the front outlines its row and thickens its line.
        b.js("document.getElementById('front').scrollIntoView()")
        b.click("#front circle[data-trial='%d']" % lowest)
        self.assertEqual(b.js("+document.querySelector('#trials tr.picked').dataset.trial"), lowest)
        self.assertEqual(b.js("document.querySelector('#parallel polyline[data-trial=\"%d\"]').getAttribute('stroke-width')"
                              % lowest), "4")
        # A brush on the cost axis dims the points it leaves out.
        b.js("document.getElementById('parallel').scrollIntoView()")
        left_px, top_px, width, height = b.center("#parallel g.axis[data-axis=cost] rect.hit")
        b.drag(left_px + width / 2, top_px + height / 2, top_px + height + 30)  # the lower half: low cost
        self.assertTrue(b.wait("document.querySelector('#parallel .brush') !== null"))
        lit = b.js(ids % "#front circle:not(.off)")
        self.assertGreater(len(lit), 0)
        self.assertLess(len(lit), len(completed))
        self.assertEqual(lit, sorted(r for r in b.js(ids % "#trials tr[data-trial]") if r in {t["id"] for t in completed}))


if __name__ == "__main__":
    unittest.main()
