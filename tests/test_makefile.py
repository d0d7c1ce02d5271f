"""The Makefile's two commands: `make demo` installs align alone, `make test`
adds the test extras, and neither installs again what the other did.

The Makefile runs with a stand-in for Python whose ``-m venv`` makes a
virtual environment of scripts that log how they were called: what pip
was asked to install, and what ran."""
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

FAKE_PYTHON = """#!/bin/sh
# -m venv DIR: a 'virtual environment' whose programs log their arguments
if [ "$1 $2" = "-m venv" ]; then
    mkdir -p "$3/bin"
    for prog in python align; do
        printf '#!/bin/sh\\necho "%s $*" >> "%s"\\n' "$prog" "$LOG" > "$3/bin/$prog"
        chmod +x "$3/bin/$prog"
    done
fi
"""


@pytest.fixture
def project(tmp_path):
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    fake = tmp_path / "python-stand-in"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    log = tmp_path / "log"
    log.write_text("")

    def make(target):
        start = len(log.read_text().splitlines())
        subprocess.run(["make", "-s", "-C", str(tmp_path), target, f"PYTHON={fake}"],
                       check=True, capture_output=True, env={**os.environ, "LOG": str(log)})
        return log.read_text().splitlines()[start:]
    return make


def installs(calls):
    return [c.split("install", 1)[1].split()[-1] for c in calls if " pip install" in c
            and "--upgrade pip" not in c]


@pytest.mark.parametrize("first,second,installed", [
    # the demo needs no test extras; the tests then add them
    ("demo", "test", [["."], [".[test]"]]),
    # the tests' environment has all the demo needs: nothing installed again
    ("test", "demo", [[".[test]"], []]),
    ("demo", "demo", [["."], []]),
    ("test", "test", [[".[test]"], []]),
])
def test_each_target_installs_what_it_needs_once(project, first, second, installed):
    got = [project(first), project(second)]
    assert [installs(calls) for calls in got] == installed
    ran = {"demo": "align qa data/seeds -o report.csv", "test": "python -m pytest"}
    assert got[0][-1] == ran[first] and got[1][-1] == ran[second]
