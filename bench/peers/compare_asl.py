"""lintkit vs statelint vs asl-validator on the Step Functions corpus.

    bench/peers/install_asl_peers.sh          # once
    python bench/peers/compare_asl.py [CORPUS] > /tmp/asl-peers.md

Runs the three tools on every *.asl.json / *.asl.yaml under CORPUS (default:
tests/testdata/asl; for the whole corpus, a checkout of
aws-samples/step-functions-workflows-collection), sorts each finding into a category
and prints two Markdown tables: files per category, and the findings per file.
statelint reads JSON only, so YAML files are converted first (its messages name
paths, not lines, so nothing is lost). A tool that is not installed is skipped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
BIN = HERE / ".peers" / "bin"
TOOLS = ("lintkit", "statelint", "asl-validator")

# (pattern on the message, category); first match wins
LINTKIT = [
    (r"^WF001", "invalid JSON/YAML"),
    (r"^WF002 .*QueryLanguage` is written inside", "QueryLanguage inside States"),
    (r"^WF002 .*is not an error Step Functions raises", "misspelled States.* error name"),
    (r"^SF101", "Choice without Default (NoChoiceMatched)"),
    (r"^WF101", "unreachable state"),
    (r"^WF102", "dead end / loop without exit"),
    (r"^WF103", "loop sending without delay"),
    (r"^WF004", "transition to a missing state"),
    (r"^WF002", "other validity problem"),
]
STATELINT = [
    (r"Problem reading/parsing JSON", "invalid JSON/YAML"),
    (r"No transition found to state State Machine\.QueryLanguage", "QueryLanguage inside States"),
    (r"should be A URI", "Resource is a ${placeholder} (template)"),
    (r'is "\$\{[^"]*\}" but should be', "number field is a ${placeholder} (template)"),
    (
        r'Field "(QueryLanguage|Arguments|Assign|Output|Condition|Items)" not allowed',
        "JSONata/variables field not known",
    ),
    (
        r'Field "(ItemReader|ItemBatcher|ResultWriter|Label|ToleratedFailure\w*)" not allowed',
        "Distributed Map field not known",
    ),
    (r"not a JSONPath|should be a Reference Path", "JSONPath syntax"),
    (r'Field "Comment" not allowed in .*Retry\[', "Comment in a retrier not known"),
    (r"No transition found", "unreachable state"),
    (r"No state found named", "transition to a missing state"),
    (r"States\.ALL", "States.ALL not alone/last"),
]
ASL_VALIDATOR = [
    (r"^parse: ", "invalid JSON/YAML"),
    (r"^crash: Cannot create property 'QueryLanguage'", "QueryLanguage inside States"),
    (r"/Resource is invalid", "Resource is a ${placeholder} (template)"),
    (r"asl_payload_template", "JSONPath syntax"),
    (
        r"/(Seconds|TimeoutSeconds|MaxConcurrency) is invalid",
        "number field is a ${placeholder} (template)",
    ),
    (
        r"/(Assign/[^ ]+|Items|Output|Arguments) is invalid",
        "JSONata expression without space before %}",
    ),
    (r"is not reachable", "unreachable state"),
    (r"MISSING_TRANSITION_TARGET|No state found", "transition to a missing state"),
]


def classify(message: str, table: list[tuple[str, str]]) -> str:
    for pattern, category in table:
        if re.search(pattern, message):
            return category
    return "other: " + message[:80]


def corpus_files(corpus: Path) -> list[str]:
    return sorted(
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*")
        if p.name.endswith((".asl.json", ".asl.yaml", ".asl.yml"))
    )


def run_lintkit(corpus: Path, work: Path) -> dict[str, list[str]]:
    copy = work / "lintkit"
    shutil.copytree(corpus, copy)
    (copy / "lintkit.toml").write_text("")
    out = subprocess.run(
        [sys.executable, "-m", "lintkit", "check", str(copy), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    found: dict[str, list[str]] = defaultdict(list)
    for d in json.loads(out.stdout)["diagnostics"]:
        found[d["path"]].append(classify(f"{d['code']} {d['message']}", LINTKIT))
    return found


def run_statelint(corpus: Path, files: list[str], work: Path) -> dict[str, list[str]] | None:
    tool = BIN / "statelint"
    if not tool.exists():
        return None
    from ruamel.yaml import YAML

    found: dict[str, list[str]] = defaultdict(list)
    for rel in files:
        path = corpus / rel
        if not rel.endswith(".json"):
            converted = work / "statelint.json"
            converted.write_text(json.dumps(YAML(typ="safe").load(path.read_text())))
            path = converted
        out = subprocess.run([str(tool), str(path)], capture_output=True, text=True, check=False)
        lines = (out.stdout + out.stderr).splitlines()
        problems = [ln.strip() for ln in lines if ln.startswith(" ") and not ln.startswith("  ")]
        if out.returncode and not problems:
            problems = [lines[0] if lines else f"exit {out.returncode}"]
        for problem in problems:
            found[rel].append(classify(problem, STATELINT))
    return found


def run_asl_validator(corpus: Path, files: list[str]) -> dict[str, list[str]] | None:
    tool = BIN / "asl-validator-driver"
    if not tool.exists():
        return None
    out = subprocess.run(
        [str(tool), *files], cwd=corpus, capture_output=True, text=True, check=True
    )
    found: dict[str, list[str]] = defaultdict(list)
    for line in out.stdout.splitlines():
        row = json.loads(line)
        messages = [f"{e['code']}: {e['message']}" for e in row["errors"]]
        if "parse_error" in row:
            messages = [f"parse: {row['parse_error']}"]
        if "crash" in row:
            messages = [f"crash: {row['crash']}"]
        for message in dict.fromkeys(messages):  # it repeats some errors verbatim
            found[row["file"]].append(classify(message, ASL_VALIDATOR))
    return found


def summary(counts: list[str]) -> str:
    return "; ".join(f"{c} x{n}" if n > 1 else c for c, n in Counter(counts).items())


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "tests" / "testdata" / "asl"
    files = corpus_files(corpus)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results = {
            "lintkit": run_lintkit(corpus, work),
            "statelint": run_statelint(corpus, files, work),
            "asl-validator": run_asl_validator(corpus, files),
        }
    ran = {name: found for name, found in results.items() if found is not None}
    print(f"{len(files)} files; tools run: {', '.join(ran)}\n")
    categories: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for name, found in ran.items():
        for path, cats in found.items():
            for category in cats:
                categories[category][name].add(path)
    print("| category | " + " | ".join(ran) + " |")
    print("|---|" + "---|" * len(ran))
    for category in sorted(categories):
        cells = [str(len(categories[category].get(name, ()))) for name in ran]
        print(f"| {category} | " + " | ".join(cells) + " |")
    print("\nFiles with a finding from any tool (findings per file):\n")
    print("| file | " + " | ".join(ran) + " |")
    print("|---|" + "---|" * len(ran))
    flagged = sorted({p for found in ran.values() for p in found})
    for path in flagged:
        cells = [summary(ran[name].get(path, [])) or "-" for name in ran]
        print(f"| {path} | " + " | ".join(cells) + " |")
    print(f"\n{len(files) - len(flagged)} files: no finding from any tool.")


if __name__ == "__main__":
    main()
