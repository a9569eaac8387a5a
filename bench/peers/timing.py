"""Timing one whole process, for the peer comparisons (time_asl.py, time_n8n.py)."""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import time


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system of the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(command: list[str]) -> int | None:
    """Instructions the process executes (valgrind's cachegrind, no cache simulation):
    steady where a shared machine's speed drifts, at about 50 times the run's time.
    None without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
    valgrind.append("--cachegrind-out-file=/dev/null")
    done = subprocess.run(
        [*valgrind, *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = _REFS.search(done.stderr)
    return int(found.group(1).replace(",", "")) if found else None
