"""Seed the demo data for the benchmark and load tests.

The demo app (and with it `seed_demo`) is installed only with DEBUG on, while the measurements run
with DEBUG off; so the seeding runs as its own `manage.py` process with DEBUG=1 against the same
DATABASE_URL.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def seed_demo(scale, *, seed=2026):
    """Replace the data in DATABASE_URL with the demo data at `scale`, meetings planned; returns seconds taken."""
    env = {**os.environ, "DEBUG": "1"}
    started = time.perf_counter()
    for command in (["seed_demo", "--scale", str(scale), "--seed", str(seed)], ["generate_meetings"]):
        subprocess.run([sys.executable, "manage.py", *command, "-v0"], cwd=REPO, env=env, check=True)
    return time.perf_counter() - started
