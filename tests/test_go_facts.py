"""Go code through the real CLI: the shapes the code rules read in Go (receivers,
closures, guards, switches, `err != nil` paths, struct tags, Sprintf names),
syntax errors, suppressions, and a Python file beside a Go one."""

from __future__ import annotations

from pathlib import Path

from lk_testing import run, write

from lintkit.code.go.packages import package_names
from lintkit.code.go.read import extract
from lintkit.code.settings import fact_settings


def _facts(source: str, path: str = "apps/api/offer.go"):  # type: ignore[no-untyped-def]
    result = extract(path, source.encode(), fact_settings({}))
    assert result.facts is not None, result.problems
    return result.facts


def test_receivers_closures_and_packages() -> None:
    facts = _facts(
        """package v3

type SubscriptionContext struct{}

func (s *SubscriptionContext) GetRetentionOffer() {
    go func() { s.track() }()
}

func helper[T any](x T) {}
"""
    )
    names = {f.qualname: f for f in facts.functions}
    assert set(names) == {
        "SubscriptionContext.GetRetentionOffer",
        "SubscriptionContext.GetRetentionOffer.func1",
        "helper",
    }
    method = names["SubscriptionContext.GetRetentionOffer"]
    assert method.class_name == "SubscriptionContext"
    assert (method.location.line, method.location.column) == (5, 31)
    assert facts.module == "apps.api"
    assert package_names("apps/api/context/v3/x.go") == (
        "apps.api.context.v3",
        ("apps.api.context.v3", "apps/api/context/v3"),
    )


def test_sprintf_and_constant_event_names() -> None:
    facts = _facts(
        """package offers

import (
    "fmt"
    ph "github.com/posthog/posthog-go"
    "log/slog"
)

const prefix = "retention"

func record(c ph.Client, kind string) {
    c.Enqueue(ph.Capture{Event: fmt.Sprintf("%s_offer_%s", prefix, "shown")})
    slog.Info(prefix + "_offer_" + kind)
    c.Enqueue(ph.Capture{Event: fmt.Sprintf("%s_offer_%s", prefix, kind)})
}
"""
    )
    events = [(e.pattern, e.events, e.patterns, e.event_parameters) for e in facts.emits]
    assert events == [
        ("go:capture", ("retention_offer_shown",), (), ()),
        ("go:log", (), ("retention_offer_*",), ("kind",)),
        ("go:capture", (), ("retention_offer_*",), ("kind",)),
    ]


def test_telemetry_by_what_the_name_is() -> None:
    facts = _facts(
        """package billing

import (
    "github.com/rs/zerolog/log"
    "go.uber.org/zap"
)

func f(billingLogger *zap.Logger, catalog Catalog, requestsTotal Counter) {
    log.Warn().Str("team", "t").Msg("offer_failed")
    billingLogger.Info("offer_shown")
    zap.L().Error("boom")
    catalog.Print("not a log")
    requestsTotal.WithLabelValues("x").Inc()
    billingLogger.Sync()
}
"""
    )
    assert [(e.callee, e.level) for e in facts.emits] == [
        ("log.Warn().Str().Msg", "warning"),
        ("billingLogger.Info", "info"),
        ("zap.L().Error", "error"),
        ("requestsTotal.WithLabelValues().Inc", None),
    ]


def test_eligible_forms_in_go(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "svc/offer.go": """\
                package svc

                import "log/slog"

                func Offer(r Result) string {
                    slog.Info("checked")
                    switch {
                    case r.IsEligible && r.Plan != "free":
                        return build(r)
                    }
                    if !r.Eligible {
                        return ""
                    } else {
                        return build(r)
                    }
                }

                func Predicate(r Result) bool {
                    slog.Info("checked")
                    if r.Eligible {
                        return true
                    }
                    return false
                }
            """,
        },
    )
    result = run("check", root, "--format", "json", "--select", "CD101")
    assert result.found == ["svc/offer.go:8:10 CD101", "svc/offer.go:11:9 CD101"], result.out


def test_secret_fallback_shapes(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "cfg/a.go": """\
                package cfg

                import "os"

                func token() string {
                    v, ok := os.LookupEnv("SLACK_BOT_TOKEN")
                    if !ok {
                        v = "xoxb-dev"
                    }
                    return v
                }

                func flag() string {
                    v := os.Getenv("ENABLE_PASSWORD_LOGIN")
                    if v == "" {
                        v = "false"
                    }
                    return v
                }

                func chain() string {
                    v := os.Getenv("API_TOKEN")
                    if v == "" {
                        v = os.Getenv("LEGACY_API_TOKEN")
                    }
                    return v
                }

                func mustToken() string {
                    v := os.Getenv("GITHUB_TOKEN")
                    if v == "" {
                        panic("GITHUB_TOKEN is not set")
                    }
                    return v
                }
            """,
            "cfg/b.go": """\
                package cfg

                var dbPassword = getEnvOrDefault("DB_PASSWORD", "postgres")
                var apiKey = mustGetEnv("API_KEY")
            """,
        },
    )
    result = run("check", root, "--format", "json", "--select", "CD201")
    assert result.found == ["cfg/a.go:6:14 CD201", "cfg/b.go:3:18 CD201"], result.out


def test_syntax_error_and_the_run_goes_on(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a/broken.go": "package a\n\nfunc F( {\n",
            "a/ok.go": 'package a\n\nimport "os"\n\nvar k = getenv("API_KEY", "x")\n'
            "\nfunc getenv(k, d string) string {\n"
            '\tif v := os.Getenv(k); v != "" {\n\t\treturn v\n\t}\n\treturn d\n}\n',
        },
    )
    result = run("check", root, "--format", "json")
    assert result.code == 1
    assert result.found == ["a/broken.go:3:1 GO001", "a/ok.go:5:9 CD201"], result.out


def test_suppression_comment_in_go(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "a/ok.go": 'package a\n\nimport "os"\n\nfunc k() string {\n'
            '\tv := os.Getenv("API_KEY") // lintkit: ignore[PY201] -- dev default, see README\n'
            '\tif v == "" {\n\t\tv = "dev"\n\t}\n\treturn v\n}\n',
        },
    )
    result = run("check", root, "--format", "json")
    assert result.json["diagnostics"] == [], result.out


def test_go_1_26_new_with_an_expression_parses(tmp_path: Path) -> None:
    # `new(expr)` is Go 1.26; tree-sitter-go 0.25 reads `new` with a type only
    root = write(
        tmp_path,
        {
            "a/t.go": 'package a\n\nimport "time"\n\nvar d = new(500 * time.Millisecond)\n'
            "var p = new([]int)\n",
        },
    )
    result = run("check", root, "--format", "json")
    assert result.json["diagnostics"] == [], result.out


def test_generated_go_is_read_as_far_as_it_parses(tmp_path: Path) -> None:
    # https://go.dev/s/generatedcode: a tool wrote and compiled it; an error node
    # there is the grammar's limit, not a syntax error of the file
    broken = "package a\n\nfunc F( {\n"
    root = write(
        tmp_path,
        {
            "a/gen.go": "// Code generated by ent, DO NOT EDIT.\n\n" + broken,
            "b/hand.go": broken,
        },
    )
    result = run("check", root, "--format", "json")
    assert result.found == ["b/hand.go:3:1 GO001"], result.out


def test_calls_nested_past_the_query_depth_are_not_read() -> None:
    """Tree-sitter's query slows in the square of a tree's depth (50,000 nested calls:
    15 s), so nodes deeper than QUERY_DEPTH are not looked for; ordinary code is far
    shallower, and the rest of the file is read as usual."""

    def audited(depth: int) -> list[str]:
        nested = "f(" * depth + 'audit("far")' + ")" * depth
        source = (
            'package main\n\nfunc shallow() { audit("near") }\n\n'
            f"func deep() int {{ return {nested} }}\n"
        )
        return [c.function for c in _facts(source, "app/main.go").calls if c.callee == "audit"]

    assert audited(300) == ["shallow", "deep"]
    assert audited(700) == ["shallow"]
