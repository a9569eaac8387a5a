"""The real pre-commit on Go, TypeScript and PostHog workflows kept as TypeScript:
the hook runs on those files, a commit with a finding fails with its exact place,
and the fixed file passes."""

from __future__ import annotations

import re

import pytest
from lk_precommit import ROOT, UserRepo

SILENT_GO = """\
package billing

import "os"

func stripeKey() string {
\tkey := os.Getenv("STRIPE_SECRET_KEY")
\tif key == "" {
\t\tkey = "sk_test_placeholder"
\t}
\treturn key
}
"""
LOUD_GO = """\
package billing

import "os"

func stripeKey() string {
\tkey, ok := os.LookupEnv("STRIPE_SECRET_KEY")
\tif !ok {
\t\tpanic("STRIPE_SECRET_KEY is not set")
\t}
\treturn key
}
"""
SILENT_TS = 'export const stripeKey = process.env.STRIPE_SECRET_KEY ?? "sk_test_placeholder";\n'
LOUD_TS = """\
const key = process.env.STRIPE_SECRET_KEY;
if (!key) throw new Error("STRIPE_SECRET_KEY is not set");
export const stripeKey = key;
"""
HOG_FLOW = "posthog/hog-flows/startup-credits-backfill.ts"
INCIDENT = (ROOT / "examples" / "demo" / HOG_FLOW).read_text()
CORRECTED = (ROOT / "examples" / "posthog-definitions" / HOG_FLOW).read_text()


def _fails_then_passes(repo: UserRepo, path: str, bad: str, good: str, expected: str) -> None:
    before = repo.head()
    repo.write({path: bad})
    failed = repo.commit(path)
    assert failed.code != 0, failed.output
    assert re.search(r"^lintkit\.+Failed$", failed.output, flags=re.MULTILINE), failed.output
    assert expected in failed.output, failed.output
    assert repo.head() == before

    repo.write({path: good})
    passed = repo.commit(path)
    assert passed.code == 0, passed.output
    assert re.search(r"^lintkit\.+Passed$", passed.output, flags=re.MULTILINE), passed.output
    assert repo.head() != before


@pytest.mark.parametrize(
    ("path", "bad", "good", "expected"),
    [
        ("billing/keys.go", SILENT_GO, LOUD_GO, "billing/keys.go:6:9: warning[CD201]"),
        ("lib/keys.ts", SILENT_TS, LOUD_TS, "lib/keys.ts:1:26: warning[CD201]"),
        (HOG_FLOW, INCIDENT, CORRECTED, f"{HOG_FLOW}:105:35: error[WF201]"),
    ],
    ids=["go", "typescript", "hogflow-typescript"],
)
def test_a_finding_in_the_file_fails_the_commit_and_the_fix_passes(
    hook_repo, path: str, bad: str, good: str, expected: str
) -> None:
    _fails_then_passes(hook_repo(), path, bad, good, expected)
