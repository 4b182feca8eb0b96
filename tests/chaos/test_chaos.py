"""The short chaos run of the test suite: 24 rounds (12 coordinator kills)
over a study of 200 trials. chaos.py runs longer ones."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

from chaos import Chaos  # noqa: E402
from harness import SummitTest  # noqa: E402


class ChaosShort(SummitTest):
    def test_kills_and_stops_lose_nothing_acknowledged(self):
        chaos = Chaos(self, seed=int(os.environ.get("SUMMIT_CHAOS_SEED", "7")), rounds=24, trials=200)
        try:
            figures = chaos.run()
        finally:
            chaos.cluster.stop()
        print("\nchaos: " + ", ".join("%s: %d" % kv for kv in sorted(figures.items())), file=sys.stderr)
        self.assertGreaterEqual(figures["coordinator kills"], 10)


if __name__ == "__main__":
    unittest.main()
