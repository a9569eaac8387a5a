"""PostHog workflows kept as TypeScript (`export default hogFlow({...})`): read without
running them, checked by every HogFlow rule, findings at their place in the `.ts` file."""

from __future__ import annotations

import shutil
from pathlib import Path

from lk_testing import run, write

ROOT = Path(__file__).resolve().parents[1]
DEMO_FLOW = ROOT / "examples/demo/posthog/hog-flows/startup-credits-backfill.ts"
FIXED = ROOT / "examples/posthog-definitions"

# A welcome flow whose step conditions skip people to a final message unless
# `{to}` says otherwise; {head} goes above the export.
FLOW = """
import {{ hogFlow }} from "@posthog/definitions";
{head}
export default hogFlow({{
  key: "welcome",
  name: "Welcome",
  exitCondition: "exit_only_at_end",
  triggerMasking: {{ hash: "{{person.id}}" }},
  actions: [
    {{
      id: "trigger",
      type: "trigger",
      config: {{
        type: "event",
        filters: {{
          events: [{{ id: "signed_up", type: "events" }}],
          properties: [{{ key: "email", type: "person", value: "is_set", operator: "is_set" }}],
        }},
      }},
    }},
    {{
      id: "eligible",
      type: "conditional_branch",
      name: "Eligible?",
      config: {{
        conditions: [
          {{
            filters: {{
              properties: [{{ key: "plan", type: "person", value: ["pro"], operator: "exact" }}],
            }},
          }},
        ],
      }},
    }},
    {{ id: "cancelled", type: "function_email", name: "Your plan was cancelled", config: {email} }},
    {{ id: "exit", type: "exit", config: {{}} }},
  ],
  edges: [
    {{ from: "trigger", to: "eligible", type: "continue" }},
    {{ from: "eligible", to: "exit", type: "branch", index: 0 }},
    {{ from: "eligible", to: {to}, type: "continue" }},{extra}
    {{ from: "cancelled", to: "exit", type: "continue" }},
  ],
}});
"""
EMAIL = '{ template_id: "template-email", inputs: { email: { value: { subject: "Cancelled" } } } }'


def flow(to: str = '"cancelled"', head: str = "", email: str = EMAIL, extra: str = "") -> str:
    return FLOW.format(to=to, head=head, email=email, extra=extra)


def check(tmp_path: Path, files: dict[str, str], *args: str) -> list[str]:
    write(tmp_path, files)
    result = run("check", tmp_path, "--format", "json", *args)
    assert result.code in (0, 1), result.err
    return [
        f"{d['path']}:{d['line']}:{d['column']} {d['code']} {d['message']}"
        for d in result.json["diagnostics"]
    ]


def codes(found: list[str]) -> list[str]:
    return [f.split(" ")[0] + " " + f.split(" ")[1] for f in found]


def test_the_slip_is_reported_at_the_to_of_the_edge(tmp_path: Path) -> None:
    found = check(tmp_path, {"posthog/hog-flows/welcome.ts": flow()})
    assert codes(found) == ["posthog/hog-flows/welcome.ts:40:29 WF201"], found
    assert "people filtered out by 'eligible'" in found[0]


def test_consts_shorthand_spreads_members_and_type_wrappers_are_read(tmp_path: Path) -> None:
    head = """
const STEPS = { cancel: "cancelled", exit: "exit" } as const;
const to = STEPS.cancel;
const base = { template_id: "template-email" } satisfies object;
const subject = `Cancelled`;
const inputs = { email: { value: { subject } } };
"""
    found = check(
        tmp_path,
        {
            "posthog/hog-flows/welcome.ts": flow(
                to='STEPS["cancel"]', head=head, email="{ ...base, inputs }"
            ),
            "posthog/hog-flows/other.ts": flow(to="(to as string)!", head=head).replace(
                '"welcome"', '"other"'
            ),
        },
        "--select",
        "WF201",
    )
    # each located at the expression the value is written with
    assert codes(found) == [
        "posthog/hog-flows/other.ts:46:29 WF201",
        "posthog/hog-flows/welcome.ts:46:29 WF201",
    ], found


def test_a_default_export_through_a_const_and_an_array_spread(tmp_path: Path) -> None:
    text = flow().replace("export default hogFlow(", "const welcome = hogFlow(")
    text = text.replace(
        '    { from: "trigger", to: "eligible", type: "continue" },\n', "    ...first,\n"
    )
    text = text.replace("{\n  key:", "{\n  key:", 1)
    text = 'const first = [{ from: "trigger", to: "eligible", type: "continue" }];\n' + text
    text += "export default welcome;\n"
    found = check(tmp_path, {"posthog/hog-flows/welcome.ts": text}, "--select", "WF201")
    assert codes(found) == ["posthog/hog-flows/welcome.ts:42:29 WF201"], found


def test_the_corrected_flow_is_silent(tmp_path: Path) -> None:
    # (the cancellation is then reached by no one: WF101, not selected here)
    found = check(
        tmp_path, {"posthog/hog-flows/welcome.ts": flow(to='"exit"')}, "--ignore", "WF101"
    )
    assert found == []


def test_a_suppression_comment_in_the_ts_file_works(tmp_path: Path) -> None:
    text = flow(extra="").replace(
        '    { from: "eligible", to: "cancelled", type: "continue" },',
        "    // lintkit: ignore[WF201] -- they asked to be told\n"
        '    { from: "eligible", to: "cancelled", type: "continue" },',
    )
    write(tmp_path, {"posthog/hog-flows/welcome.ts": text})
    result = run("check", tmp_path, "--format", "json")
    assert (result.code, result.json["diagnostics"]) == (0, [])
    assert result.json["summary"]["suppressed"] == 1


def test_an_unreadable_value_is_reported_only_where_it_is_needed(tmp_path: Path) -> None:
    email = (
        '{ template_id: "template-email", inputs: { email: { value: {'
        ' subject: "Cancelled", html: render(), to: `${who}` } } } }'
    )
    head = 'import { render, who } from "./templates";\n'
    # the body and the address are never read: the workflow is still checked
    found = check(tmp_path / "a", {"posthog/hog-flows/welcome.ts": flow(head=head, email=email)})
    assert codes(found) == ["posthog/hog-flows/welcome.ts:41:29 WF201"], found
    # the target of an edge is: one finding there, no guess about the rest
    found = check(tmp_path / "b", {"posthog/hog-flows/welcome.ts": flow(to="target()")})
    assert codes(found) == ["posthog/hog-flows/welcome.ts:40:29 HF013"], found
    assert "edges[2].to: `target()` is a function call" in found[0]


def test_a_computed_key_or_unknown_spread_makes_its_object_unreadable(tmp_path: Path) -> None:
    head = 'import { extra } from "./x";\nconst k = "to";\n'
    found = check(
        tmp_path,
        {
            "posthog/hog-flows/welcome.ts": flow(
                head=head,
                extra='\n    { from: "cancelled", [k]: "exit", type: "continue" },'
                '\n    { ...extra, type: "continue" },',
            )
        },
    )
    assert codes(found) == [
        "posthog/hog-flows/welcome.ts:43:26 HF013",
        "posthog/hog-flows/welcome.ts:44:7 HF013",
    ], found
    assert "a computed key" in found[0] and "a spread of a name imported from './x'" in found[1]


def test_ordinary_typescript_is_not_taken_for_a_workflow(tmp_path: Path) -> None:
    files = {
        "src/app.ts": "export default function main() { return hogFlow; }\n",
        # the SDK itself defines hogFlow: not a definition
        "src/sdk.ts": "export function hogFlow(spec: T) { return spec; }\nexport default {};\n",
        "posthog/hog-flows/welcome.ts": flow(to='"exit"'),
    }
    write(tmp_path, files)
    result = run("check", tmp_path, "--ignore", "WF101")
    # the hogFlow is a workflow; the rest is TypeScript code for the code rules
    assert result.code == 0 and "1 workflow file, 2 TypeScript/JavaScript files" in result.out
    result = run("check", tmp_path / "posthog/hog-flows/welcome.ts", "--ignore", "WF101")
    assert result.code == 0 and "1 workflow file." in result.out, result.out


def test_hostile_typescript_gives_one_finding_and_the_run_goes_on(tmp_path: Path) -> None:
    deep = "export default hogFlow({ key: " + "[" * 5000 + "]" * 5000 + " });\n"
    many = "export default hogFlow({ key: [" + "1," * 150_000 + "] });\n"
    bomb = (
        "const a = [1, 1, 1, 1, 1, 1, 1, 1];\n"
        + "".join(
            f"const {n} = [...{p}, ...{p}, ...{p}, ...{p}];\n"
            for p, n in zip("abcdefghij", "bcdefghijk", strict=True)
        )
        + "export default hogFlow({ key: k });\n"
    )
    chain = "".join(f"const o{i} = {{ ...o{i + 1}, k{i}: 1 }};\n" for i in range(100))
    chain += "const o100 = {};\nexport default hogFlow({ ...o0, actions: [], edges: [] });\n"
    cycle = (
        "const a = { ...b };\nconst b = { ...a };\nexport default hogFlow({ ...a, edges: [] });\n"
    )
    found = check(
        tmp_path,
        {
            "posthog/hog-flows/deep.ts": deep,
            "posthog/hog-flows/many.ts": many,
            "posthog/hog-flows/bomb.ts": bomb,
            "posthog/hog-flows/cycle.ts": cycle,
            "posthog/hog-flows/chain.ts": chain,
            "posthog/hog-flows/broken.ts": flow()[:400],
            "posthog/hog-flows/welcome.ts": flow(),
        },
    )
    by_file = {f.split(":")[0]: f for f in found}
    assert len(found) == len(by_file) == 7, found
    assert "built from over 64 consts" in by_file["posthog/hog-flows/chain.ts"]
    assert "WF001 nesting deeper than 200 levels" in by_file["posthog/hog-flows/deep.ts"]
    assert "WF001 the value has more than 100,000" in by_file["posthog/hog-flows/many.ts"]
    assert "WF001 the value has more than 100,000" in by_file["posthog/hog-flows/bomb.ts"]
    assert "HF013" in by_file["posthog/hog-flows/cycle.ts"]
    assert "a const defined by itself" in by_file["posthog/hog-flows/cycle.ts"]
    assert "WF001 TypeScript does not parse here" in by_file["posthog/hog-flows/broken.ts"]
    assert "WF201" in by_file["posthog/hog-flows/welcome.ts"]


def test_event_definitions_are_the_catalogue_for_trigger_events(tmp_path: Path) -> None:
    definition = (
        'import { eventDefinition } from "@posthog/definitions";\n'
        'export default eventDefinition({ key: "signed_up", name: "{name}" });\n'
    )
    fixed = flow(to='"exit"')
    found = check(
        tmp_path / "a",
        {
            "posthog/hog-flows/welcome.ts": fixed,
            "posthog/events/signup.ts": definition.replace("{name}", "signed_up"),
        },
        "--select",
        "XR101",
    )
    assert found == []
    found = check(
        tmp_path / "b",
        {
            "posthog/hog-flows/welcome.ts": fixed,
            "posthog/events/signup.ts": definition.replace("{name}", "sign_up"),
            "app/signup.py": "import posthog\n\n\ndef f(u):\n    posthog.capture(u, 'signedUp')\n",
        },
        "--select",
        "XR101",
    )
    assert codes(found) == ["posthog/hog-flows/welcome.ts:15:26 XR101"], found
    assert (
        "no eventDefinition declares the trigger event `signed_up` and no code records it"
        in found[0]
    )
    assert "(did you mean `sign_up` or `signedUp`?)" in found[0]


def test_simulate_a_hogflow_file_finds_the_incident_person() -> None:
    result = run("simulate", DEMO_FLOW, "--examples", "50")
    assert result.code == 1, result.out + result.err
    assert (
        "'still_eligible' filtered this person out (continue), and 'credits_cancelled'"
        " still sent them 'Your credits were cancelled'"
    ) in result.out
    assert "startup-credits-backfill.ts:82:11  credits_cancelled" in result.out


def test_demo_wrong_build_and_corrected_build(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples/demo", tmp_path / "demo")
    result = run("check", tmp_path / "demo", "--format", "json", "--select", "WF201")
    slip = [d for d in result.json["diagnostics"] if d["path"].endswith(".ts")]
    line = DEMO_FLOW.read_text().splitlines()[slip[0]["line"] - 1]
    assert len(slip) == 1 and line[slip[0]["column"] - 1 :].startswith('"credits_cancelled"')
    result = run("check", FIXED, "--format", "json")
    assert (result.code, result.json["diagnostics"]) == (0, [])
