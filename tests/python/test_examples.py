"""examples/python-api/ run to their end."""

import os
import subprocess
import sys

from conftest import SOURCE_DIR


def run_example(name, *args, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.join(SOURCE_DIR, "clients", "python"))
    done = subprocess.run([sys.executable, os.path.join(SOURCE_DIR, "examples", "python-api", name), *args,
                           "--data", str(tmp_path / "data")], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_sherpa_style_loop(tmp_path):
    out = run_example("sherpa_loop.py", "--trials", "6", "--epochs", "3", tmp_path=tmp_path)
    assert out.count("trial ") == 6 and "best: {'Trial-ID'" in out


def test_the_sherpa_style_loop_with_an_algorithm_written_in_python(tmp_path):
    out = run_example("sherpa_loop.py", "--trials", "12", "--epochs", "2", "--algorithm", "genetic", tmp_path=tmp_path)
    assert out.count("trial ") == 12 and "best: {'Trial-ID'" in out


def test_the_spell_style_search(tmp_path):
    out = run_example("spell_search.py", "--runs", "4", tmp_path=tmp_path)
    assert "best run" in out
