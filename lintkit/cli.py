"""The ``lintkit`` command: check | explain | rules | schema | simulate.

Imports stay inside the commands so ``--version`` and ``explain`` start fast
(they never load libcst, hypothesis or jsonschema).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, TextIO

from lintkit import DISTRIBUTION, __version__, precommit_args
from lintkit.core.report import Report
from lintkit.core.types import InternalError, Location

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {value!r}")
    return number


def _positive_seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {value!r}")
    return number


def _seed(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer seed, got {value!r}") from None


def _report_spec(value: str) -> tuple[str, Path]:
    format_name, sep, path = value.partition("=")
    if not sep or not format_name or not path:
        raise argparse.ArgumentTypeError(
            f"expected FORMAT=FILE, e.g. sarif=lintkit.sarif: {value!r}"
        )
    return format_name.strip(), Path(path)


class _CheckHelp(argparse.HelpFormatter):
    """Names the installed report formats, when the help is shown: finding them
    reads every distribution's entry points, which a run needs only for the one
    format it writes (reporter() checks the name, with a did-you-mean)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        if text and "{formats}" in text:
            from lintkit.plugins.reporter import format_names

            text = text.replace("{formats}", " | ".join(format_names()))
        return text


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lintkit",
        description="Lint workflow definitions and the Python code behind them.",
        allow_abbrev=False,  # `--out=x` must not be taken for --output (a file named so)
    )
    parser.add_argument(
        "--version", action="version", version=f"lintkit {__version__} ({DISTRIBUTION})"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="lint the project (or the given paths)",
        allow_abbrev=False,
        formatter_class=_CheckHelp,
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or directories to report on (default: the project)",
    )
    check.add_argument(
        "--format",
        metavar="FORMAT",
        help="{formats} (default: text; github under GitHub Actions)",
    )
    check.add_argument(
        "--select",
        type=_csv,
        metavar="RULES",
        help="comma-separated codes, prefixes or names; replaces the config's",
    )
    check.add_argument(
        "--extend-select",
        type=_csv,
        default=[],
        metavar="RULES",
        help="rules to run on top of the selection",
    )
    check.add_argument(
        "--ignore",
        type=_csv,
        default=[],
        metavar="RULES",
        help="rules not to run, added to the config's",
    )
    check.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        help="lowest severity that makes the exit code 1",
    )
    check.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="use this pyproject.toml or lintkit.toml; a PATH outside its directory is"
        " checked with its settings from the PATH's own project root (its globs are"
        " relative to that root)",
    )
    check.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    check.add_argument(
        "--report",
        type=_report_spec,
        action="append",
        default=[],
        metavar="FORMAT=FILE",
        help="also write the report in FORMAT to FILE, from the same run (repeatable),"
        " e.g. --report sarif=lintkit.sarif",
    )
    check.add_argument(
        "--summary",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="append a Markdown summary of every finding to $GITHUB_STEP_SUMMARY"
        " (default: under GitHub Actions with the github format)",
    )
    _force_output(check)
    check.add_argument(
        precommit_args.FLAG,
        action="store_true",
        help="the arguments that follow are pre-commit's: the hook's args, then file"
        " names, which are never read as options (the hooks' entries end with it)",
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="print only the number of findings per rule (text format), not the findings",
    )
    check.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit 0 even with findings (2 still means a usage, config or internal error)",
    )
    check.add_argument(
        "--show-settings",
        action="store_true",
        help="print the resolved configuration (JSON) and the rules that would run; check nothing",
    )
    check.add_argument(
        "--show-files",
        action="store_true",
        help="print each file the run reads and the dialect or language that reads it",
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print the findings only: no summary line, warnings or progress",
    )
    check.add_argument(
        "--concise", action="store_true", help="one line per finding, no source excerpt"
    )
    check.add_argument(
        "--no-cache", action="store_true", help="don't read or write .lintkit_cache/"
    )
    check.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="processes that parse files and run the per-file rules (default: one a CPU,"
        " up to 8, from 48 files to parse)",
    )
    check.add_argument("--verbose", action="store_true", help="show tracebacks of internal errors")
    check.add_argument(
        "--deep",
        action="store_true",
        help="also simulate people to confirm path findings (a fixed seed: same result every run)",
    )
    check.add_argument(
        "--seed", type=_seed, default=0, metavar="N", help="the --deep search's seed (default 0)"
    )
    check.add_argument(
        "--fix",
        action="store_true",
        help="apply the safe fixes to the files checked, then report what is left",
    )
    check.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="with --fix or --diff, the unsafe fixes too (they change who gets what: review them)",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes --fix would apply as a unified diff; change nothing",
    )
    check.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="report only the findings FILE does not list (see --write-baseline)",
    )
    check.add_argument(
        "--write-baseline",
        type=Path,
        metavar="FILE",
        help="write every finding to FILE, to adopt lintkit with them (--baseline FILE);"
        " report none",
    )
    check.add_argument(
        "--add-noqa",
        action="store_true",
        help="add `# lintkit: ignore[CODE] -- TODO: reason` for every finding in YAML and"
        " Python, and an `ignore-findings` entry to the configuration for those in JSON",
    )
    check.add_argument(
        "--changed",
        action="store_true",
        help="the PATHS are a commit's changed files (the pre-commit hook's): files deleted"
        " since git HEAD count too, and with no PATHS only those are checked",
    )

    explain = commands.add_parser(
        "explain", help="what a rule checks, why, and how to fix it", allow_abbrev=False
    )
    explain.add_argument("rule", metavar="RULE", help="a rule code or name")

    rules = commands.add_parser("rules", help="list every rule", allow_abbrev=False)
    rules.add_argument("--format", choices=["text", "json"], default="text")

    simulate = commands.add_parser(
        "simulate",
        help="run generated people through a workflow; print counterexamples",
        allow_abbrev=False,
    )
    simulate.add_argument(
        "workflow", metavar="WORKFLOW", help="a workflow file (all its workflows), or FILE::ID"
    )
    simulate.add_argument(
        "--examples", type=_positive, default=1000, metavar="N", help="people to try (1000)"
    )
    simulate.add_argument(
        "--seed", type=_seed, default=0, metavar="S", help="the search's seed (default 0)"
    )
    simulate.add_argument("--format", choices=["text", "json"], default="text")
    simulate.add_argument(
        "--budget",
        type=_positive,
        default=1000,
        metavar="STEPS",
        help="steps one person may take before the run ends as a loop or too long a path (1000)",
    )
    simulate.add_argument(
        "--time-limit",
        type=_positive_seconds,
        default=10.0,
        metavar="SECONDS",
        help="seconds (wall clock) to run and shrink people; past them the search stops,"
        " with a note (10)",
    )

    commands.add_parser(
        "server",
        help="a language server on standard input and output (needs the `lsp` extra)",
        allow_abbrev=False,
    )

    schema = commands.add_parser(
        "schema", help="print the native format's JSON Schema", allow_abbrev=False
    )
    schema.add_argument("--output", type=Path, metavar="FILE", help="write it to FILE")
    _force_output(schema)
    return parser


def _force_output(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--force-output",
        action="store_true",
        help="replace an output file even if git tracks it or lintkit did not write it",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    argv = precommit_args.split(parser, sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    handler = {
        "check": _check,
        "explain": _explain,
        "rules": _rules,
        "schema": _schema,
        "server": _server,
        "simulate": _simulate,
    }
    try:
        return handler[args.command](args)
    except BrokenPipeError:  # `lintkit ... | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # whatever escaped a command: exit 2, never 1 (findings)
        return _crashed(err, verbose=getattr(args, "verbose", False))


def _error(message: str) -> int:
    """Each line of ``message`` is one error (a config may have several), its
    control characters escaped."""
    from lintkit.core.printable import printable

    for line in message.splitlines() or [""]:
        sys.stderr.write(f"lintkit: error: {printable(line)}\n")
    return EXIT_ERROR


def _crashed(err: Exception, *, verbose: bool) -> int:
    """One line for an exception no command caught; the traceback with --verbose."""
    if verbose:
        import traceback

        traceback.print_exception(type(err), err, err.__traceback__, file=sys.stderr)
    from lintkit.core.printable import printable

    hint = "" if verbose else " (run with --verbose for the traceback)"
    what = printable(f"{type(err).__name__}: {err}")  # one line, whatever the exception says
    return _error(f"internal error: {what}{hint}; please report this bug")


def _explain(args: argparse.Namespace) -> int:
    from lintkit.docgen.rule_page import render_rule
    from lintkit.plugins.registry import load_rules

    registry = load_rules()
    rule = registry.get(args.rule)
    if rule is None:
        from lintkit.core.suggest import did_you_mean

        return _error(f"unknown rule {args.rule!r}{did_you_mean(args.rule, registry.selectors())}")
    sys.stdout.write(render_rule(rule))
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    from lintkit.plugins.registry import load_rules

    registry = load_rules()
    if args.format == "json":
        import json

        from lintkit.plugins.rule import RuleInfo

        json.dump([vars(RuleInfo.of(r)) for r in registry.rules.values()], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    for rule in registry.rules.values():
        opt_in = "" if rule.default_enabled else "  (opt-in)"
        sys.stdout.write(
            f"{rule.code}  {rule.name:<36} {rule.severity.value:<8} {rule.summary}{opt_in}\n"
        )
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    import json

    from lintkit.documents.schema import load_schema
    from lintkit.outputs import RefusedOutput, check_writable, written

    text = json.dumps(load_schema("native-v1.json"), indent=2) + "\n"
    if args.output:
        try:
            if not args.force_output:
                check_writable(args.output)
        except RefusedOutput as refused:
            return _error(str(refused))
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        written(args.output)
        sys.stderr.write(f"wrote {args.output}\n")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _server(args: argparse.Namespace) -> int:
    try:
        from lintkit.server.lsp import serve
    except ImportError as err:
        return _error(f"the language server needs pygls: pip install '{DISTRIBUTION}[lsp]' ({err})")
    serve()
    return EXIT_OK


def _simulate(args: argparse.Namespace) -> int:
    # hypothesis is imported here, never by the other commands.
    from lintkit.core.printable import printable
    from lintkit.simulation.load import LoadError, load_workflows
    from lintkit.simulation.report import relative_to_cwd, render_json, render_text
    from lintkit.simulation.search import search

    try:
        loaded = load_workflows(args.workflow)
    except LoadError as err:
        for problem in err.problems:
            sys.stderr.write(printable(f"{problem.location}: {problem.message}") + "\n")
        return _error(str(err))
    for problem in loaded.problems:
        warning = printable(f"{problem.location}: {problem.message}")
        sys.stderr.write(f"lintkit: warning: {warning}\n")
    from lintkit import progress

    results = []
    for workflow in loaded.workflows:
        people = progress.People(workflow.id) if progress.wanted() else None
        try:
            results.append(
                search(
                    workflow,
                    examples=args.examples,
                    seed_value=args.seed,
                    budget=args.budget,
                    progress=people,
                    time_limit=args.time_limit,
                )
            )
        finally:
            if people is not None:
                people.close()
    if args.format == "json":
        import json

        json.dump(render_json(results, loaded.root), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        render_text(results, sys.stdout, relative_to_cwd(loaded.root))
    return EXIT_FINDINGS if any(r.broken for r in results) else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from lintkit.config import ConfigError, find_config, load_config
    from lintkit.core.printable import printable
    from lintkit.engine import environment_default_format, run
    from lintkit.outputs import RefusedOutput, check_writable, written
    from lintkit.plugins.entrypoints import PluginError
    from lintkit.plugins.registry import SelectorError, load_rules, plugin_errors
    from lintkit.plugins.reporter import UnknownFormat, reporter

    registry = load_rules()
    # Plugins that failed to load: printed before any usage or config error
    # (which they may explain), else reported with the run's errors.
    broken: list[str] = []

    def fail(message: str) -> int:
        for problem in [*plugin_errors(registry), *broken]:
            sys.stderr.write(f"lintkit: {problem}\n")
        return _error(message)

    format_name = args.format or environment_default_format()
    wanted: list[tuple[str, Path | None, Literal["w", "a"], dict[str, object]]]
    wanted = [(format_name, args.output, "w", _options(args))]
    wanted += [(name, path, "w", {}) for name, path in args.report]
    summary = _summary_file(args.summary, format_name)
    if summary is not None:
        wanted.append(("markdown", summary, "a", {}))
    outputs = []
    try:
        for name, path, mode, options in wanted:
            try:
                outputs.append((reporter(name, **options), path, mode))
            except PluginError as err:  # the run goes on without this output
                broken.append(str(err))
    except UnknownFormat as err:
        return fail(str(err))
    try:
        for _, path, mode in outputs:
            if path is not None and mode == "w" and not args.force_output:
                check_writable(path)
    except RefusedOutput as refused:
        return _error(str(refused))
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        return fail(f"no such file or directory: {', '.join(missing)}")

    overrides: dict[str, Any] = {}
    if args.select is not None:
        overrides["select"] = args.select
    if args.fail_on:
        overrides["fail-on"] = args.fail_on

    reports = []
    configs = []
    shown_settings: list[dict[str, Any]] = []
    bar = None if args.show_settings else _progress(args, format_name)
    try:
        # Each path belongs to the project whose config is nearest above it.
        groups: dict[Path, list[Path]] = {}
        base = args.config.resolve().parent if args.config else None
        for path in args.paths or ([] if base else [Path.cwd()]):
            if base is not None and path.resolve().is_relative_to(base):
                root = base
            else:  # with --config, a path elsewhere keeps its own root (as in Ruff)
                root, _, _ = find_config(path)
            groups.setdefault(root, []).append(path)
        if base is not None and not groups:
            groups[base] = []
        for root, paths in sorted(groups.items()):
            config = load_config(
                registry, root, config_file=args.config, overrides=overrides, root=root
            )
            config = _extend(config, args)
            # A changed configuration (the pre-commit hook passes it) can change
            # any finding: the whole project is checked.
            whole = config.source is not None and any(p.resolve() == config.source for p in paths)
            targets = paths if args.paths and not whole else None
            if args.show_settings:
                from lintkit.show import settings

                shown_settings.append(settings(config, registry))
                continue

            def lint(config: Any = config, targets: Any = targets, whole: bool = whole) -> Report:
                return run(
                    config,
                    registry,
                    targets,
                    use_cache=not args.no_cache,
                    jobs=args.jobs,
                    refine=_deepen(args),
                    changed=args.changed and not whole,
                    progress=bar,
                )

            one = _fixed(lint, args)
            if config.ignore_findings:
                from lintkit.adoption.ignores import apply_ignores

                apply_ignores(one, config.ignore_findings)
            reports.append(one)
            configs.append(config)
    except (ConfigError, SelectorError) as err:
        return fail(str(err))
    finally:
        if bar is not None:
            bar.close()
    if args.show_settings:
        from lintkit.show import write_settings

        write_settings(shown_settings, sys.stdout)
        return EXIT_OK
    if args.diff:
        return _print_diff(reports, unsafe=args.unsafe_fixes)
    if args.add_noqa:
        return _add_noqa(list(zip(reports, configs, strict=True)), verbose=args.verbose)
    report = reports[0] if len(reports) == 1 else _merge(reports)
    if args.show_files:
        from lintkit.reporters.base import display_path
        from lintkit.show import write_files

        shown = {path: display_path(report, path) for path in report.claims}
        write_files(report.claims, shown, sys.stdout)
        return EXIT_OK
    if args.write_baseline:
        from lintkit.adoption.baseline import write_baseline

        count = write_baseline(report, args.write_baseline)
        sys.stderr.write(f"lintkit: wrote {count} findings to {args.write_baseline}\n")
        _print_errors(report, sys.stderr, verbose=args.verbose)
        return EXIT_ERROR if report.errors else EXIT_OK
    if args.baseline:
        from lintkit.adoption.baseline import BaselineError, apply_baseline

        try:
            apply_baseline(report, args.baseline)
        except BaselineError as err:
            return _error(str(err))
    after = len(plugin_errors(registry))  # the run's report starts with those
    report.errors[after:after] = [InternalError(message) for message in broken]

    # Files first: a closed standard output (`| head`) must not lose them.
    for writer, path, mode in sorted(outputs, key=lambda o: o[1] is None):
        if path is None:
            writer.render(report, sys.stdout)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, mode, encoding="utf-8") as handle:
                writer.render(report, handle)
        except OSError as err:
            return _error(f"cannot write {path}: {err}")
        if mode == "w":
            written(path)
    if not args.quiet:
        for warning in report.warnings:
            sys.stderr.write(f"lintkit: warning: {printable(warning)}\n")
    _print_errors(report, sys.stderr, verbose=args.verbose)
    if args.verbose:
        for one in reports:
            for note in one.notes:
                sys.stderr.write(f"lintkit: {one.root}: {note}\n")
            counts = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(one.stats.items()))
            sys.stderr.write(f"lintkit: {one.root}: {counts}\n")
    if args.exit_zero and report.exit_code == EXIT_FINDINGS:
        return EXIT_OK
    return int(report.exit_code)


def _fixed(lint: Any, args: argparse.Namespace) -> Report:
    """The run's report, with each fix's exact edits; with --fix, after fixing."""
    from lintkit.fixes.plan import fix_all, resolved

    report: Report = lint()
    if args.fix and not args.diff:
        report, report.fixed = fix_all(report, lint, unsafe=args.unsafe_fixes)
    else:
        resolved(report)
    return report


def _add_noqa(projects: list[tuple[Report, Any]], *, verbose: bool) -> int:
    """check --add-noqa: a suppression comment for each finding in YAML and Python,
    an ``ignore-findings`` entry in the configuration for each in JSON."""
    from lintkit.adoption.ignores import entries_text
    from lintkit.adoption.noqa import REASON, add_noqa
    from lintkit.core.printable import printable
    from lintkit.fixes.plan import write

    comments = files = entries = 0
    errors = False
    for report, config in projects:
        added = add_noqa(report)
        write(report.root, added.changes)
        comments += added.comments
        files += len(added.changes)
        if added.in_config:
            target = config.source or report.root / "lintkit.toml"
            text = entries_text(
                added.in_config,
                report.root,
                pyproject=target.name == "pyproject.toml",
                reason=REASON,
            )
            with open(target, "a", encoding="utf-8") as handle:
                handle.write(text)
            entries += len(added.in_config)
            sys.stderr.write(
                f"lintkit: {len(added.in_config)} findings in JSON files: see {target}\n"
            )
        for left in added.left:
            sys.stderr.write(f"lintkit: not suppressed: {printable(left)}\n")
        _print_errors(report, sys.stderr, verbose=verbose)
        errors = errors or bool(report.errors)
    sys.stderr.write(
        f"lintkit: added {comments} suppression comment{'' if comments == 1 else 's'}"
        f" in {files} file{'' if files == 1 else 's'} and {entries} ignore-findings"
        f" entr{'y' if entries == 1 else 'ies'}\n"
    )
    return EXIT_ERROR if errors else EXIT_OK


def _print_diff(reports: list[Report], *, unsafe: bool) -> int:
    """check --diff: the fixes as a diff on standard output, their count on standard error."""
    from lintkit.fixes.plan import diff, plan

    fixes = 0
    for report in reports:
        changes = plan(report, unsafe=unsafe)
        fixes += changes.fixed
        prefix = os.path.relpath(report.root)
        for change in changes.files:
            change.path = os.path.normpath(os.path.join(prefix, change.path)).replace(os.sep, "/")
        sys.stdout.write(diff(changes.files))
        for refused in changes.refused:
            sys.stderr.write(f"lintkit: warning: {refused}\n")
    sys.stderr.write(f"lintkit: would fix {fixes} problem{'' if fixes == 1 else 's'}\n")
    return EXIT_FINDINGS if fixes else EXIT_OK


def _progress(args: argparse.Namespace, format_name: str) -> Any:
    """A progress bar for a person reading text at a terminal (see lintkit.progress)."""
    from lintkit import progress

    if args.quiet or format_name != "text" or not progress.wanted():
        return None
    return progress.Bar()


def _options(args: argparse.Namespace) -> dict[str, object]:
    """The command line's options for the main format's reporter."""
    return {"concise": args.concise, "statistics": args.statistics, "quiet": args.quiet}


def _deepen(args: argparse.Namespace) -> Any:
    if not args.deep:
        return None
    from lintkit.simulation.deep import Deepen

    return Deepen(seed=args.seed)


def _summary_file(wanted: bool | None, format_name: str) -> Path | None:
    """Where the job summary goes: GitHub's step summary file, when asked or by default.

    Annotations alone lose findings (GitHub shows 10 per level per step), so the
    github format brings the summary along unless --no-summary.
    """
    if wanted is False or (wanted is None and format_name != "github"):
        return None
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        if wanted:
            sys.stderr.write("lintkit: --summary: GITHUB_STEP_SUMMARY is not set; no summary\n")
        return None
    return Path(target)


def _extend(config: Any, args: argparse.Namespace) -> Any:
    return replace(
        config,
        extend_select=config.extend_select + tuple(args.extend_select),
        ignore=config.ignore + tuple(args.ignore),
    )


def _merge(reports: list[Any]) -> Any:
    """One report for several project roots, paths relative to their common root."""
    common = Path(os.path.commonpath([str(r.root) for r in reports]))
    merged = Report(common, fail_on=reports[0].fail_on)
    seen_rules: dict[str, Any] = {}
    for report in reports:
        prefix = report.root.relative_to(common).as_posix()

        def move(loc: Location, prefix: str = prefix) -> Location:
            return loc if prefix == "." else Location(f"{prefix}/{loc.path}", *loc[1:])

        for source, target in (
            (report.diagnostics, merged.diagnostics),
            (report.suppressed, merged.suppressed),
        ):
            for d in source:
                target.append(
                    replace(
                        d,
                        location=move(d.location),
                        related=tuple(replace(r, location=move(r.location)) for r in d.related),
                        involves=tuple(move_path(p, prefix) for p in d.involves),
                    )
                )
        merged.errors.extend(report.errors)
        merged.warnings.extend(report.warnings)
        merged.files.extend(move_path(f, prefix) for f in report.files)
        merged.claims.update({move_path(f, prefix): c for f, c in report.claims.items()})
        merged.languages.update(report.languages)
        merged.fail_on = min(merged.fail_on, report.fail_on, key=lambda s: -s.rank)
        seen_rules.update({r.code: r for r in report.rules})
    merged.rules = list(seen_rules.values())
    merged.diagnostics.sort(key=lambda d: d.sort_key())
    merged.suppressed.sort(key=lambda d: d.sort_key())
    return merged


def move_path(path: str, prefix: str) -> str:
    return path if prefix == "." else f"{prefix}/{path}"


def _print_errors(report: Any, err: TextIO, *, verbose: bool) -> None:
    from lintkit.core.printable import printable

    for error in report.errors:
        err.write(f"lintkit: {printable(error.message)}\n")
        if verbose and error.detail:
            err.write(error.detail)
    if any(error.detail for error in report.errors) and not verbose:
        # A crash (a plugin that failed to load has no traceback and is not lintkit's bug).
        err.write("lintkit: run with --verbose for the tracebacks; please report this bug\n")
