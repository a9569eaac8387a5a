"""Whole-process timing of lintkit and its Step Functions peers on a corpus.

    bench/peers/install_asl_peers.sh                  # statelint, asl-validator
    python bench/peers/time_asl.py [CORPUS] [--rounds 5] > /tmp/asl-timing.md

Each tool is one process over every *.asl.json / *.asl.yaml under CORPUS
(default: tests/testdata/asl), started the way a user or CI would start it:

- lintkit: ``lintkit check --no-cache`` (cold: every file parsed), and
  ``lintkit check`` with its cache filled by an earlier run (warm: nothing changed);
- statelint: ``statelint_driver.rb`` (statelint's linter over every file in one
  Ruby process; statelint's own command re-validates its first argument and stops
  at the first file with a problem), on JSON copies (YAML converted first);
- asl-validator: ``asl_validator_driver.js`` (the npm package over every file);
- cfn-lint: on one CloudFormation template per definition
  (``AWS::StepFunctions::StateMachine`` with the definition as ``DefinitionString``),
  written before timing.

Rounds are interleaved (tool order rotates) so a busy machine slows every tool
alike; the table gives the median and the fastest wall time, and the median CPU
time (user + system of the process and its children).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import timed

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PEERS = HERE / ".peers"
SUFFIXES = (".asl.json", ".asl.yaml", ".asl.yml")


def definitions(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.name.endswith(SUFFIXES))


def as_json_copies(files: list[Path], corpus: Path, out: Path) -> list[Path]:
    from ruamel.yaml import YAML

    copies = []
    for path in files:
        name = str(path.relative_to(corpus)).replace("/", "__")
        if path.name.endswith(".json"):
            target = out / name
            target.write_bytes(path.read_bytes())
        else:
            target = out / f"{name}.json"
            try:
                target.write_text(json.dumps(YAML(typ="safe").load(path.read_text())))
            except Exception:
                target.write_bytes(path.read_bytes())  # unparsable: the tool says so
        copies.append(target)
    return copies


def cfn_templates(files: list[Path], corpus: Path, out: Path) -> list[Path]:
    templates = []
    for path in files:
        name = str(path.relative_to(corpus)).replace("/", "__") + ".template.json"
        template = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {
                "Machine": {
                    "Type": "AWS::StepFunctions::StateMachine",
                    "Properties": {
                        "RoleArn": "arn:aws:iam::123456789012:role/machine",
                        "DefinitionString": path.read_text(encoding="utf-8"),
                    },
                }
            },
        }
        target = out / name
        target.write_text(json.dumps(template))
        templates.append(target)
    return templates


def commands(corpus: Path, work: Path) -> dict[str, list[str]]:
    files = definitions(corpus)
    (work / "json").mkdir()
    (work / "cfn").mkdir()
    copies = as_json_copies(files, corpus, work / "json")
    lintkit = [sys.executable, "-m", "lintkit", "check"]
    tools = {
        "lintkit (cold, --no-cache)": [*lintkit, "--no-cache", str(corpus)],
        "lintkit (warm cache)": [*lintkit, str(corpus)],
    }
    statelint_src = os.environ.get("STATELINT_SRC")
    j2119_src = os.environ.get("J2119_SRC")
    driver = HERE / "statelint_driver.rb"
    if shutil.which("ruby") and statelint_src and j2119_src:
        tools["statelint"] = [
            "ruby",
            "-I",
            f"{j2119_src}/lib",
            "-I",
            f"{statelint_src}/lib",
            str(driver),
            *map(str, copies),
        ]
    elif (PEERS / "gems" / "gems").exists() and shutil.which("ruby"):
        gems = PEERS / "gems"
        tools["statelint"] = [
            "env",
            f"GEM_HOME={gems}",
            "ruby",
            "-rstatelint",
            str(driver),
            *map(str, copies),
        ]
    node_modules = PEERS / "node" / "node_modules"
    if (node_modules / "asl-validator").exists():
        tools["asl-validator"] = [
            "node",
            str(HERE / "asl_validator_driver.js"),
            str(node_modules),
            *map(str, files),
        ]
    if shutil.which("cfn-lint"):
        templates = cfn_templates(files, corpus, work / "cfn")
        tools["cfn-lint"] = ["cfn-lint", *map(str, templates)]
    return tools


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=REPO / "tests/testdata/asl")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tools = commands(args.corpus.resolve(), Path(tmp))
        subprocess.run(tools["lintkit (warm cache)"], capture_output=True, check=False)  # fill
        walls: dict[str, list[float]] = {name: [] for name in tools}
        cpus: dict[str, list[float]] = {name: [] for name in tools}
        names = list(tools)
        for round_ in range(args.rounds):
            for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
                wall, cpu = timed(tools[name])
                walls[name].append(wall)
                cpus[name].append(cpu)
    count = len(definitions(args.corpus))
    print(f"{count} definitions, {args.rounds} rounds, whole process\n")
    print("| tool | median wall | fastest wall | median CPU |")
    print("|---|---|---|---|")
    for name in sorted(tools, key=lambda n: statistics.median(walls[n])):
        print(
            f"| {name} | {statistics.median(walls[name]):.2f} s | {min(walls[name]):.2f} s"
            f" | {statistics.median(cpus[name]):.2f} s |"
        )


if __name__ == "__main__":
    main()
