"""Go's pre-screen (lintkit.code.go.screen) loses nothing: a file it passes gets
the facts the full extraction gives it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from lintkit.code.go.read import extract
from lintkit.code.model import ModuleFacts
from lintkit.code.settings import FactSettings, fact_settings
from lintkit.plugins.registry import load_rules

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = fact_settings({})
# Every call may be guarded by `*`, so no file with a call is screened; and no
# function is checked, since its own name matches the required `*`: the facts
# the defaults give, read in full.
UNSCREENED = fact_settings({"calls.required-before": {"*": "*"}})
# nothing configured: only what the Go readers know by themselves
BUILT_IN = fact_settings({"telemetry.calls": [], "secrets.readers": []})

PLAIN = """\
// Package plans: models and handlers that record, read and guard nothing.
package plans

import (
    "errors"
    "fmt"
    "net/http"
    "strings"

    "github.com/acme/shop/internal/store"
)

const (
    PlanBasic = "basic"
    PlanPro   = "pro_" + "v2"
    retries   = 3
)

var ErrNoPlan = errors.New("no plan")

type Quota struct {
    Region string `json:"region" yaml:"region"`
    Seats  int    `json:"seats"`
}

type Plan struct {
    Name  string `json:"name"`
    Seats int
}

type Handler struct {
    store *store.Store
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
    plan, err := h.lookup(r.URL.Query().Get("plan"))
    if err != nil {
        http.Error(w, err.Error(), http.StatusNotFound)
        return
    }
    if plan.Eligible {
        fmt.Fprintf(w, "%s: %d seats", plan.Name, plan.Seats)
    }
}

func (h *Handler) lookup(name string) (*Plan, error) {
    kind := PlanBasic
    if strings.HasPrefix(name, "pro") {
        kind = PlanPro
    }
    found, err := h.store.Find(kind, fmt.Sprintf("plan_%s", name))
    if err != nil {
        return nil, fmt.Errorf("lookup %q: %w", name, err)
    }
    for i := 0; i < retries; i++ {
        go func() { h.store.Touch(kind) }()
    }
    return &Plan{Name: found.Name, Seats: found.Seats}, nil
}

func Describe(p *Plan) string {
    switch {
    case p == nil:
        return "none"
    case p.Seats > 10:
        return store.Label("large")
    default:
        return store.Label(PlanBasic)
    }
}
"""


def _facts(text: str, settings: FactSettings = DEFAULT, path: str = "apps/api/plans/plans.go"):  # type: ignore[no-untyped-def]
    result = extract(path, text.encode(), settings)
    assert result.facts is not None, result.problems
    return result.facts


def _screened_and_full(text: str, path: str) -> tuple[ModuleFacts, ModuleFacts]:
    return _facts(text, path=path), _facts(text, UNSCREENED, path=path)


def test_a_plain_file_gets_the_full_extractions_facts() -> None:
    screened, full = _screened_and_full(PLAIN, "apps/api/plans/plans.go")
    assert screened.screened and not full.screened
    assert replace(screened, screened=False) == full
    # what the project-wide rules read of every file is there
    assert {f.qualname: f.entry for f in screened.functions} == {
        "Handler.ServeHTTP": "method",
        "Handler.lookup": None,
        "Handler.lookup.func1": None,
        "Describe": None,
    }
    assert dict(screened.constants) == {"PlanBasic": ("basic",), "PlanPro": ("pro_v2",)}
    assert [(c.callee, c.strings) for c in screened.calls if c.strings] == [
        ("store.Label", (("0", ("large",)),)),
        ("store.Label", (("0", ("basic",)),)),
    ]
    # eligibility tests are read in a screened file too
    assert [b.test for b in screened.eligible_branches] == ["plan.Eligible"]


@pytest.mark.parametrize(
    ("line", "fact"),
    [
        ('func note(s *Handler) { s.logger.Warn("plan missing") }', "emits"),
        ('func note() { zap.L().Info("plan missing") }', "emits"),
        ('func note(c posthog.Client) { c.Enqueue(posthog.Capture{Event: "seen"}) }', "emits"),
        (
            'import "github.com/getsentry/sentry-go"\n'
            "func note(err error) { sentry.CaptureException(err) }",
            "emits",
        ),
        ("func note() { requestsTotal.Inc() }", "emits"),
        ('func note(s *Handler) { s.statsd.Incr("plans.seen", nil, 1) }', "emits"),
        ('func token() string { return os.Getenv("PLANS_SECRET") }', "secret_reads"),
        ('func token() string { return getEnvOr("PLANS_TOKEN", "dev") }', "secret_reads"),
    ],
)
def test_a_file_that_records_or_reads_is_read_in_full(line: str, fact: str) -> None:
    *imports, code = line.split("\n")
    text = PLAIN.replace("\nconst (", "\n".join(["", *imports, "", "const ("])) + code + "\n"
    facts = _facts(text, BUILT_IN)
    assert not facts.screened
    assert len(getattr(facts, fact)) > len(getattr(_facts(PLAIN, BUILT_IN), fact))


def test_configured_names_are_screened_for() -> None:
    settings = fact_settings(
        {
            "telemetry.calls": ["*.Publish"],
            "calls.required-before": {"Cancel*": "Offer*"},
        }
    )
    assert _facts(PLAIN, settings).screened
    assert not _facts(PLAIN + "func f(b *Bus) { b.Publish() }\n", settings).screened
    guarded = PLAIN + "func Stop(b *Bus) { b.CancelPlan() }\n"
    assert not _facts(guarded, settings).screened


def _go_sources() -> list[tuple[str, str]]:
    """Every Go file of the demo and of the rules' examples."""
    found = [
        (path.relative_to(ROOT).as_posix(), path.read_text())
        for path in sorted((ROOT / "examples").rglob("*.go"))
    ]
    for rule in load_rules().rules.values():
        for example in rule.examples:
            found += [(p, t) for p, t in example.files.items() if p.endswith(".go")]
    return found


def test_every_go_file_the_screen_passes_gets_the_same_facts() -> None:
    sources = [*_go_sources(), ("apps/api/plans/plans.go", PLAIN)]
    passed = 0
    for path, text in sources:
        screened = extract(path, text.encode(), DEFAULT).facts
        if screened is not None and screened.screened:  # None: a syntax error
            passed += 1
            full = _facts(text, UNSCREENED, path=path)
            assert not full.screened
            assert replace(screened, screened=False) == full, path
    assert passed >= 2
