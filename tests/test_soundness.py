"""The static path rules against the simulator, over generated workflows.

Every person of a workflow's finite domain is run (exhaustive enumeration):

- no false negative: whenever a person breaks "a filtered-out person gets no
  message" or a declared invariant, WF201 / WF205 reports that filter or that
  invariant;
- no false positive where the analysis says it is sure: a finding without
  "may reach" is walked by some person, so over conditions the analysis
  decides exactly (enum, boolean, events; == != in), the static verdict and the
  enumeration agree exactly.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import example, given, settings
from lk_testing import run, write
from lk_workflows import FILTERS_CONFIG, machines, workflows

from lintkit.simulation.domain import Domain
from lintkit.testing import load_workflow, violations
from lintkit.testing import run as walk
from lintkit.workflow.ir import Workflow

SETTINGS = settings(max_examples=50)

Finding = tuple[str, str]  # ("filter", step id) | ("invariant", index)


def static_findings(root: Path, workflow: Workflow) -> tuple[set[Finding], set[Finding]]:
    """(all, certain) findings of WF201/WF205, as the filters and invariants they name."""
    result = run("check", root, "--select", "WF201,WF205", "--format", "json", "--no-cache")
    assert result.code in (0, 1), result.err
    at: dict[tuple[int, int], Finding] = {
        (e.location.line, e.location.column): ("filter", e.source)
        for graph in workflow.graphs()
        for e in graph.edges
        if e.excludes
    }
    at.update(
        {
            (inv.location.line, inv.location.column): ("invariant", str(index))
            for index, inv in enumerate(workflow.invariants)
        }
    )
    found, certain = set(), set()
    for d in result.json["diagnostics"]:
        finding = at[(d["line"], d["column"])]
        found.add(finding)
        if "may reach" not in d["message"]:
            certain.add(finding)
    return found, certain


def simulated_findings(workflow: Workflow) -> set[Finding]:
    """What exhaustive simulation breaks, each filter on its own.

    The simulator blames a message on the first filter that dropped the person;
    WF201 judges each filter. So each filter is simulated as the only one that
    drops people (a person dropped by two filters counts for both).
    """
    domain = Domain.of(workflow)
    assert domain.size() <= 20_000
    people = list(domain.persons())
    found: set[Finding] = set()
    for person in people:
        for v in violations(workflow, walk(workflow, person)):
            if v.property == "invariant":
                found.add(("invariant", str(dict(v.subject)["index"])))
    for gate in sorted({e.source for e in workflow.edges if e.excludes}):
        edges = tuple(replace(e, excludes=e.excludes and e.source == gate) for e in workflow.edges)
        alone = replace(workflow, edges=edges)
        if any(
            v.property == "filtered-out-message"
            for person in people
            for v in violations(alone, walk(alone, person))
        ):
            found.add(("filter", gate))
    return found


def verdicts(
    text: str, name: str = "flow.yaml", config: str = ""
) -> tuple[set[Finding], set[Finding], set[Finding]]:
    with TemporaryDirectory() as tmp:
        root = write(Path(tmp), {name: text, "lintkit.toml": config})
        workflow = load_workflow(root / name)
        static, certain = static_findings(root, workflow)
    return static, certain, simulated_findings(workflow)


@SETTINGS
@given(workflows(invariants=True))
def test_every_simulated_violation_is_a_static_finding(text: str) -> None:
    static, certain, simulated = verdicts(text)
    assert simulated <= static, f"missed by the rules: {simulated - static}"
    assert certain <= simulated, f"no person walks these: {certain - simulated}"


@SETTINGS
@given(workflows(invariants=True, exact=True))
def test_over_exact_conditions_static_and_enumeration_agree(text: str) -> None:
    static, certain, simulated = verdicts(text)
    assert static == certain == simulated


# A filter whose filtered-out executions reach a publish only inside a Parallel branch.
NESTED = """
{"StartAt": "F0", "States": {
  "F0": {"Type": "Choice",
         "Choices": [{"Variable": "$.plan", "StringEquals": "a", "Next": "S2"}],
         "Default": "S1"},
  "S1": {"Type": "Parallel", "Branches": [
          {"StartAt": "S10_0", "States": {
            "S10_0": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true}}}],
         "End": true},
  "S2": {"Type": "Pass", "End": true}}}
"""


@SETTINGS
@example(NESTED)
@given(machines())
def test_nested_graphs_every_simulated_violation_is_a_static_finding(text: str) -> None:
    """Step Functions machines with Parallel and Map states: a filtered-out execution
    that publishes inside one is found statically."""
    static, certain, simulated = verdicts(text, "flow.asl.json", FILTERS_CONFIG)
    assert simulated <= static, f"missed by the rules: {simulated - static}"
    assert certain <= simulated, f"no execution walks these: {certain - simulated}"


def test_the_nested_example_is_found_both_ways() -> None:
    assert verdicts(NESTED, "flow.asl.json", FILTERS_CONFIG) == ({("filter", "F0")},) * 3
