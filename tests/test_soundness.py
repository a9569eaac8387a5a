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

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from lk_testing import run, write
from lk_workflows import workflows

from lintkit.ir import Workflow
from lintkit.simulation.domain import Domain
from lintkit.testing import load_workflow, violations
from lintkit.testing import run as walk

SETTINGS = settings(
    max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

Finding = tuple[str, str]  # ("filter", step id) | ("invariant", index)


def static_findings(root: Path, workflow: Workflow) -> tuple[set[Finding], set[Finding]]:
    """(all, certain) findings of WF201/WF205, as the filters and invariants they name."""
    result = run("check", root, "--select", "WF201,WF205", "--format", "json", "--no-cache")
    assert result.code in (0, 1), result.err
    at: dict[tuple[int, int], Finding] = {
        (e.location.line, e.location.column): ("filter", e.source)
        for e in workflow.edges
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
    domain = Domain.of(workflow)
    assert domain.size() <= 20_000
    found: set[Finding] = set()
    for person in domain.persons():
        for v in violations(workflow, walk(workflow, person)):
            subject = dict(v.subject)
            if v.property == "filtered-out-message":
                found.add(("filter", subject["step"]))
            elif v.property == "invariant":
                found.add(("invariant", str(subject["index"])))
    return found


def verdicts(text: str) -> tuple[set[Finding], set[Finding], set[Finding]]:
    with TemporaryDirectory() as tmp:
        root = write(Path(tmp), {"flow.yaml": text})
        workflow = load_workflow(root / "flow.yaml")
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
