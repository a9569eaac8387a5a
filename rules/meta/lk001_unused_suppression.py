from collections.abc import Iterator

from lintkit.core.suggest import did_you_mean
from lintkit.core.types import Diagnostic, DropComment, Edit, Fix, Location, Severity
from lintkit.documents.suppressions import Suppression, SuppressionUse
from lintkit.plugins.registry import load_rules
from lintkit.plugins.rule import Rule, Scope, bad, good


class UnusedSuppression(Rule):
    """
    ## What it does
    Reports a `# lintkit: ignore[...]` comment that suppressed nothing in this
    run, one that names a rule that does not exist, and one that names no rule
    at all. A suppression for a rule that is not selected is left alone: it may
    be used where that rule runs.

    ## Why is this bad?
    Suppressions rot: the problem they silenced gets fixed or moves, and the
    comment stays, ready to hide the next real finding on that line. A typo in
    a code suppresses nothing and looks like it does.

    ## How to fix
    Delete the comment, or correct the rule code or name in it.
    """

    code = "LK001"
    name = "unused-suppression"
    summary = "a suppression comment that suppresses nothing, or names an unknown rule"
    scope = Scope.REPORT
    severity = Severity.INFO
    examples = (
        bad(
            """
            lintkit: 1
            workflow: welcome
            steps:
              send:  # lintkit: ignore[WF101] -- kept for the holiday campaign
                type: message
                channel: email
                template: welcome
                next: done
              done:
                type: exit
            """,
            expect=["4:10 unused suppression: WF101"],
        ),
        good(
            """
            lintkit: 1
            workflow: welcome
            steps:
              send:
                type: message
                channel: email
                template: welcome
                next: done
              holiday:  # lintkit: ignore[WF101] -- re-enabled every December
                type: message
                channel: email
                template: holiday
                next: done
              done:
                type: exit
            """
        ),
    )

    def check_report(
        self, uses: list[SuppressionUse], selected: frozenset[str]
    ) -> Iterator[Diagnostic]:
        registry = load_rules()
        for use in uses:
            s = use.suppression
            where = Location(s.path, s.line, s.column)
            if not s.codes:
                yield self.diagnostic(
                    where,
                    "suppression names no rule; it suppresses nothing",
                    help="write the codes: # lintkit: ignore[WF201]",
                )
                continue
            for selector in s.codes:
                covered = registry.covers(selector)
                if not covered:
                    yield self.diagnostic(
                        where,
                        f"suppression names unknown rule '{selector}'"
                        f"{did_you_mean(selector, registry.selectors())}",
                    )
                elif (covered & selected) and not (covered & use.used):
                    label = selector.strip()  # as written: an alias may cover several rules
                    rule = registry.get(label)
                    if rule is not None and label.upper() in (rule.code, rule.name.upper()):
                        label = f"{rule.code} ({rule.name})"
                    yield self.diagnostic(
                        where,
                        f"unused suppression: {label} reports nothing here",
                        help="delete it; it would hide the next real finding on this line",
                        fix=_without(s, selector),
                    )


def _without(s: Suppression, selector: str) -> Fix:
    """Delete the comment, or only ``selector`` from it when it names other rules."""
    rest = [c for c in s.codes if c != selector]
    if not rest or not s.end_column:
        return Fix(
            f"delete the suppression of {selector}", (DropComment(s.path, s.line, s.column),)
        )
    reason = f" -- {s.reason}" if s.reason else ""
    comment = f"# lintkit: ignore[{', '.join(rest)}]{reason}"
    edit = Edit(s.path, s.line, s.column, s.line, s.end_column, comment)
    return Fix(f"remove {selector} from the suppression", (edit,))
