"""The package installs as a user would install it: into a venv made with
Debian's python3-venv, offline (no index is reachable), and works there."""

import os
import subprocess
import sys


from conftest import SOURCE_DIR


def test_pip_installs_the_package_offline_into_a_venv(tmp_path):
    venv = tmp_path / "v"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    # Nothing to download from: no index, no wheel directory this machine may name.
    env = {k: v for k, v in os.environ.items() if k not in ("PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL")}
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONPATH="")
    installed = subprocess.run([str(venv / "bin" / "pip"), "install", os.path.join(SOURCE_DIR, "clients", "python")],
                               capture_output=True, text=True, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    check = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import summit, sys; print(summit.__file__); print(summit.__version__); "
                            "print(summit.RangeSpec(1, 2)); help(summit.connect)"],
                           capture_output=True, text=True, env=env, cwd=str(tmp_path))
    assert check.returncode == 0, check.stderr
    where, version, spec = check.stdout.splitlines()[:3]
    assert where.startswith(str(venv)), where
    assert version == "0.2.0" and spec == "RangeSpec(1, 2, scaling='linear', type='float')"
    assert "SUMMIT_COORDINATOR" in check.stdout  # help() reads well enough to say where it connects
