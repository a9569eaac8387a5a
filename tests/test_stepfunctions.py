"""The stepfunctions dialect through the real CLI: validity problems at their
positions, the structural rules on ASL graphs, SF101, options; and the IR it
builds (through the loader, as the engine calls it)."""

from __future__ import annotations

import copy
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lk_testing import run

from lintkit.plugins.registry import load_rules
from lintkit.project.load_file import LoadSettings, load_workflow_file
from lintkit.workflow import conditions as cond
from lintkit.workflow.ir import StepKind, Workflow

GOOD = {
    "Comment": "Orders",
    "StartAt": "Validate",
    "States": {
        "Validate": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "validate", "Payload.$": "$"},
            "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}],
            "Next": "Route",
        },
        "Route": {
            "Type": "Choice",
            "Choices": [
                {"Variable": "$.total", "NumericGreaterThan": 100, "Next": "Review"},
                {
                    "And": [
                        {"Variable": "$.express", "BooleanEquals": True},
                        {"Variable": "$.country", "StringEquals": "FR"},
                    ],
                    "Next": "Ship",
                },
            ],
            "Default": "Wait a bit",
        },
        "Review": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sns:publish",
            "Parameters": {"TopicArn": "arn:aws:sns:eu-west-1:1:reviews", "Message.$": "$.id"},
            "Next": "Ship",
        },
        "Wait a bit": {"Type": "Wait", "Seconds": 60, "Next": "Ship"},
        "Ship": {
            "Type": "Parallel",
            "Branches": [
                {"StartAt": "Label", "States": {"Label": {"Type": "Pass", "End": True}}},
                {
                    "StartAt": "Each item",
                    "States": {
                        "Each item": {
                            "Type": "Map",
                            "ItemsPath": "$.items",
                            "ItemProcessor": {
                                "StartAt": "Pick",
                                "States": {
                                    "Pick": {
                                        "Type": "Task",
                                        "Resource": "arn:aws:states:::aws-sdk:sesv2:sendEmail",
                                        "Parameters": {
                                            "Content": {"Template": {"TemplateName": "picked"}}
                                        },
                                        "End": True,
                                    }
                                },
                            },
                            "End": True,
                        }
                    },
                },
            ],
            "Next": "Done",
        },
        "Done": {"Type": "Succeed"},
        "Failed": {"Type": "Fail", "Error": "OrderFailed"},
    },
}


def check(project: Any, files: dict[str, str], *args: str) -> Any:
    root = project(files)
    result = run("check", root, "--format", "json", *args)
    assert result.code in (0, 1), result.err
    return result


def found(result: Any) -> list[str]:
    return [f"{d['line']}:{d['column']} {d['code']}" for d in result.json["diagnostics"]]


def messages(result: Any) -> list[str]:
    return [d["message"] for d in result.json["diagnostics"]]


def machine(data: dict[str, Any], path: str = "m.asl.json", **options: Any) -> Workflow:
    settings = LoadSettings(options=tuple(sorted(options.items())))
    text = json.dumps(data, indent=2).encode()
    result = load_workflow_file(path, text, settings, declared=False)
    assert result.dialect == "stepfunctions", result.problems
    assert len(result.workflows) == 1, result.problems
    return result.workflows[0]


# -- a valid machine is silent ---------------------------------------------------------
def test_valid_machine_has_no_diagnostics(project: Any) -> None:
    result = check(project, {"orders.asl.json": json.dumps(GOOD, indent=2)})
    assert result.json["diagnostics"] == []
    assert result.code == 0


def test_a_json_file_with_start_at_and_states_is_a_machine(project: Any) -> None:
    broken = {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}}
    result = check(
        project,
        {
            "deploy/definition.json": json.dumps(broken, indent=2),
            "cloudformation.json": json.dumps({"Resources": {"M": {"Properties": {}}}}),
        },
    )
    assert [
        f"{d['path']}:{d['line']}:{d['column']} {d['code']}" for d in result.json["diagnostics"]
    ] == ["deploy/definition.json:6:15 WF004"]


# -- validity problems, each once, at its place ------------------------------------------
def test_next_and_end_together(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.json": """
        {
          "StartAt": "A",
          "States": {
            "A": {"Type": "Pass", "Next": "B",
                  "End": true},
            "B": {"Type": "Succeed"}
          }
        }
        """
        },
    )
    assert found(result) == ["5:11 SF005"]
    assert "both `Next` and `End: true`" in messages(result)[0]


def test_neither_next_nor_end_is_one_report_not_also_a_dead_end(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: A
        States:
          A:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
        """
        },
    )
    assert found(result) == ["3:3 SF006"]
    assert messages(result) == [
        "state 'A' has neither `Next` nor `End`: the execution has nowhere to go after it"
    ]


def test_misspelled_field_gets_did_you_mean_and_no_second_report(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: A
        States:
          A:
            Type: Task
            Resourse: arn:aws:states:::lambda:invoke
            TimeoutSeconds: "10"
            End: true
        """
        },
    )
    assert found(result) == ["5:5 WF002", "6:21 WF002"]
    assert messages(result) == [
        "States.A: unknown key 'Resourse' (did you mean 'Resource'?)",
        "States.A.TimeoutSeconds: '10' is not a number"
        ' (nor a JSONata expression "{% ... %}" or a ${placeholder})',
    ]


def test_colon_in_a_flow_scalar_is_yaml_libyaml_refuses_and_still_read(project: Any) -> None:
    # `arn:...` inside `{...}` is plain YAML 1.2; libyaml stops at its first ':'.
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: A
        States:
          A:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters: {FunctionName: arn:aws:lambda:us-east-1:123456789012:function:f}
            ResultSelector: {stack: [!Ref AWS::StackName]}
            Next: Nowhere
        """
        },
    )
    assert found(result) == ["8:11 WF004"]
    assert "'Nowhere'" in messages(result)[0]


def test_misspelled_next_is_reported_once(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: A
        States:
          A:
            Type: Pass
            Nxt: B
          B:
            Type: Succeed
        """
        },
    )
    assert found(result) == ["5:5 WF002"]
    assert "did you mean 'Next'" in messages(result)[0]


def test_required_fields_of_each_state_type(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: A
        States:
          A:
            Type: Choice
          B:
            Type: Wait
            End: true
          C:
            Type: Tsk
            End: true
        """
        },
    )
    assert found(result) == ["3:3 WF002", "5:3 WF002", "9:11 WF002"]
    assert messages(result) == [
        "States.A: missing required key 'Choices'",
        "States.B: needs Seconds or SecondsPath or Timestamp or TimestampPath",
        "States.C.Type: 'Tsk' is not one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel,"
        " Map (did you mean 'Task'?)",
    ]


def test_states_all_must_be_alone_and_last(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: A
        States:
          A:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Retry:
              - ErrorEquals: [States.Timeout, States.ALL]
            Catch:
              - ErrorEquals: [States.ALL]
                Next: B
              - ErrorEquals: [States.Timeout]
                Next: B
            End: true
          B:
            Type: Fail
        """
        },
    )
    assert found(result) == ["7:39 SF013", "9:23 SF014"]
    assert messages(result) == [
        "`States.ALL` must be alone in `ErrorEquals`: it already matches every error",
        "`States.ALL` must be in the last catcher: Catch[1] after it can never match",
    ]


def test_misspelled_states_error_never_matches(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: A
        States:
          A:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Retry:
              - ErrorEquals: [States.Timout]
            Catch:
              - ErrorEquals: [States.Custom]
                Next: B
            End: true
          B:
            Type: Parallel
            Branches:
              - StartAt: C
                States:
                  C: {Type: Fail, Error: States.Custom}
            End: true
        """
        },
    )
    assert found(result) == ["7:23 SF015"]
    assert "(did you mean 'States.Timeout'?)" in messages(result)[0]


def test_transitions_on_choice_and_terminal_states(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: A
        States:
          A:
            Type: Choice
            Choices:
              - Variable: $.x
                IsPresent: true
                Next: B
            Default: B
            Next: B
          B:
            Type: Succeed
            End: true
        """
        },
    )
    assert found(result) == ["10:5 SF007", "13:5 SF007"]
    assert messages(result) == [
        "a Choice state cannot have `Next`: its Choices and Default pick the next state",
        "a Succeed state cannot have `End`: it ends the execution",
    ]


def test_choice_rule_shapes(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: A
        States:
          A:
            Type: Choice
            Choices:
              - Variable: status
                StringEquals: done
                Next: B
              - Variable: $.n
                NumericEquals: 1
                NumericLessThan: 3
                Next: B
              - Not:
                  Variable: $.x
                  IsNull: true
                  Next: B
                Next: B
              - Variable: $.y
                Next: B
              - Next: B
            Default: B
          B:
            Type: Succeed
        """
        },
    )
    assert found(result) == ["6:19 SF010", "11:9 SF020", "16:11 SF017", "18:9 SF019", "20:9 SF018"]
    assert messages(result)[0] == "`Variable` must be a path starting with `$`, not 'status'"
    assert "two comparisons" in messages(result)[1]
    assert "inside And/Or/Not cannot have `Next`" in messages(result)[2]
    assert "names a `Variable` but no comparison" in messages(result)[3]
    assert "tests nothing" in messages(result)[4]


def test_query_language_fields(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        QueryLanguage: JSONata
        StartAt: A
        States:
          A:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters: {FunctionName: f}
            Next: B
          B:
            Type: Choice
            Choices:
              - Variable: $.x
                StringEquals: a
                Next: C
              - Condition: "{% $states.input.x = 'b' %}"
                Next: C
            Default: C
          C:
            Type: Pass
            QueryLanguage: JSONPath
            Output: {}
            End: true
        """
        },
    )
    assert found(result) == ["7:5 SF009", "12:9 SF009", "20:5 SF001", "21:5 SF009"]
    assert messages(result) == [
        "`Parameters` is a JSONPath field, but state 'A' uses JSONata",
        "this choice rule is written in JSONPath (`Variable`, `StringEquals`), but this state"
        " uses JSONata",
        "state 'C' sets `QueryLanguage: JSONPath` in a machine that uses JSONata; Step Functions"
        " rejects a state going back to JSONPath",
        "`Output` is a JSONata field, but state 'C' uses JSONPath",
    ]


def test_query_language_inside_states_is_one_report(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.json": """
        {
          "StartAt": "A",
          "States": {
            "QueryLanguage": "JSONata",
            "A": {"Type": "Pass", "Output": "{% $states.input %}", "End": true}
          }
        }
        """
        },
    )
    assert found(result) == ["4:5 SF001"]
    assert "`QueryLanguage` is written inside `States`" in messages(result)[0]


def test_paths_and_payload_templates(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: A
        States:
          A:
            Type: Pass
            Parameters:
              id.$: id
              nested:
                - when.$: States.Format('{}', $.x)
            ResultPath: out
            Next: B
          B:
            Type: Wait
            Timestamp: "2026-01-31 09:00"
            End: true
        """
        },
    )
    assert found(result) == ["6:13 SF011", "9:17 SF010", "13:16 SF012"]
    assert "`id.$` takes a path" in messages(result)[0]
    assert messages(result)[1] == "`ResultPath` must be a path starting with `$`, not 'out'"
    assert "not a timestamp" in messages(result)[2]


def test_duplicate_state_name_across_branches(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: Work
        States:
          Work:
            Type: Parallel
            Branches:
              - StartAt: Done
                States:
                  Done: {Type: Succeed}
            Next: Done
          Done:
            Type: Succeed
        """
        },
    )
    assert found(result) == ["10:3 SF002"]
    assert messages(result)[0].startswith("state name 'Done' is already used at line 8")


def test_unparsable_json_is_one_syntax_diagnostic(project: Any) -> None:
    result = check(project, {"m.asl.json": '{"StartAt": "A", "States": {"A": "x": 1}}\n'})
    assert [d["code"] for d in result.json["diagnostics"]] == ["WF001"]


def test_json_that_only_yaml_reads_is_a_syntax_error(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.json": """
        {
          "StartAt": "A",
          "States": {
            "A": {"Type": "Succeed"},
          }
        }
        """
        },
    )
    # the json module's wording and column vary by Python version
    [diagnostic] = result.json["diagnostics"]
    assert (diagnostic["code"], diagnostic["line"]) in (("WF001", 4), ("WF001", 5))
    assert diagnostic["message"].startswith("not valid JSON: ")


# -- the structural rules read the ASL graph ------------------------------------------
def test_structural_rules_on_asl(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: Poll
        States:
          Poll:
            Type: Task
            Resource: arn:aws:states:::sns:publish
            Next: Check
          Check:
            Type: Choice
            Choices:
              - Variable: $.done
                BooleanEquals: true
                Next: Finish
            Default: Poll
          Finish:
            Type: Pass
            Next: Missing
          Orphan:
            Type: Pass
            End: true
        """
        },
    )
    assert found(result) == ["3:3 WF103", "16:11 WF004", "17:3 WF101"]
    assert messages(result)[1] == (
        "`Next` of state 'Finish' names state 'Missing', which does not exist"
    )


def test_loop_without_exit_is_a_dead_end(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: Spin
        States:
          Spin:
            Type: Wait
            Seconds: 5
            Next: Spin again
          Spin again:
            Type: Pass
            Next: Spin
        """
        },
    )
    assert found(result) == ["3:3 WF102"]


def test_a_branch_cannot_jump_out(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: Fan out
        States:
          Fan out:
            Type: Parallel
            Branches:
              - StartAt: Inner
                States:
                  Inner:
                    Type: Pass
                    Next: Done
            Next: Done
          Done:
            Type: Succeed
        """
        },
    )
    assert found(result) == ["10:19 SF004"]
    assert messages(result) == [
        "'Done' is not a state of branch 0 of Parallel state 'Fan out' but of the top level:"
        " transitions cannot leave or enter a Parallel branch or a Map item processor"
    ]


def test_start_at_missing_state_is_reported_once(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.yaml": """
        StartAt: Frist
        States:
          First:
            Type: Succeed
        """
        },
    )
    assert found(result) == ["1:10 WF004"]
    assert "(did you mean 'First'?)" in messages(result)[0]


# -- SF101 --------------------------------------------------------------------------------
def choice(rules: list[dict[str, Any]], language: str = "JSONPath") -> str:
    return json.dumps(
        {
            "QueryLanguage": language,
            "StartAt": "C",
            "States": {
                "C": {"Type": "Choice", "Choices": [{**r, "Next": "Done"} for r in rules]},
                "Done": {"Type": "Succeed"},
            },
        },
        indent=2,
    )


@pytest.mark.parametrize(
    ("rules", "language", "example"),
    [
        ([{"Variable": "$.n", "NumericLessThan": 10}], "JSONPath", "$.n is 10"),
        ([{"Variable": "$.s", "StringMatches": "a*"}], "JSONPath", "not $.s matches 'a*'"),
        ([{"Variable": "$.x", "IsPresent": True}], "JSONPath", "$.x is missing or null"),
        (
            [{"Condition": "{% $states.input.plan = 'pro' %}"}],
            "JSONata",
            "$states.input.plan is none of 'pro'",
        ),
    ],
)
def test_choice_without_default_names_an_unmatched_input(
    project: Any, rules: list[dict[str, Any]], language: str, example: str
) -> None:
    result = check(project, {"m.asl.json": choice(rules, language)})
    assert found(result) == ["5:5 SF101"]
    assert f"(e.g. when {example})" in messages(result)[0]
    assert result.json["diagnostics"][0]["related"][0]["message"] == (
        "rule choices[0] goes to 'Done'"
    )


@pytest.mark.parametrize(
    ("rules", "language"),
    [
        (
            [
                {"Variable": "$.n", "NumericLessThan": 10},
                {"Variable": "$.n", "NumericGreaterThanEquals": 10},
            ],
            "JSONPath",
        ),
        (
            [
                {"Variable": "$.x", "IsPresent": True},
                {"Not": {"Variable": "$.x", "IsPresent": True}},
            ],
            "JSONPath",
        ),
        (
            [
                {"Variable": "$.t", "TimestampLessThan": "2026-01-01T00:00:00Z"},
                {"Variable": "$.t", "TimestampGreaterThanEquals": "2026-01-01T00:00:00Z"},
            ],
            "JSONPath",
        ),
        (
            [
                {"Variable": "$.a", "NumericLessThanPath": "$.b"},
                {"Variable": "$.a", "NumericGreaterThanEqualsPath": "$.b"},
            ],
            "JSONPath",
        ),
        (
            [
                {"Condition": "{% $states.input.n > 3 %}"},
                {"Condition": "{% $not($states.input.n > 3) %}"},
            ],
            "JSONata",
        ),
    ],
)
def test_choice_rules_that_cover_every_input_need_no_default(
    project: Any, rules: list[dict[str, Any]], language: str
) -> None:
    result = check(project, {"m.asl.json": choice(rules, language)})
    assert result.json["diagnostics"] == []


def status_then_statistics(between: dict[str, Any] | None) -> str:
    """The glue-workflow shape: a Choice lets only COMPLETED through to a second
    Choice whose rules cover COMPLETED alone; ``between`` is a state put between them."""
    first_next = "Between" if between else "Statistics"
    states: dict[str, Any] = {
        "Status": {
            "Type": "Choice",
            "Choices": [
                {"Variable": "$.Run.Status", "StringEquals": "RUNNING", "Next": "Status"},
                {"Variable": "$.Run.Status", "StringEquals": "COMPLETED", "Next": first_next},
            ],
            "Default": "Failed",
        },
        "Statistics": {
            "Type": "Choice",
            "Choices": [
                {
                    "Not": {"Variable": "$.Run.FailedActions", "NumericEquals": 0},
                    "Next": "Failed",
                },
                {"Variable": "$.Run.Status", "StringEquals": "COMPLETED", "Next": "Done"},
            ],
        },
        "Done": {"Type": "Succeed"},
        "Failed": {"Type": "Fail"},
    }
    if between:
        states["Between"] = {**between, "Next": "Statistics"}
    return json.dumps({"StartAt": "Status", "States": states}, indent=2)


def test_choice_proposes_no_input_an_earlier_choice_excluded(project: Any) -> None:
    result = check(project, {"m.asl.json": status_then_statistics(None)})
    assert result.json["diagnostics"] == []
    waited = {"Type": "Wait", "Seconds": 60}  # a Wait passes the data on unchanged
    result = check(project, {"m.asl.json": status_then_statistics(waited)})
    assert result.json["diagnostics"] == []


@pytest.mark.parametrize(
    "between",
    [
        {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke"},
        {"Type": "Pass", "Parameters": {"Run": {"Status": "STOPPED"}}},
        {"Type": "Wait", "Seconds": 60, "OutputPath": "$.next"},
    ],
)
def test_what_an_earlier_choice_decided_ends_where_the_data_may_change(
    project: Any, between: dict[str, Any]
) -> None:
    result = check(project, {"m.asl.json": status_then_statistics(between)})
    assert [d["code"] for d in result.json["diagnostics"]] == ["SF101"]
    assert (
        "(e.g. when $.Run.FailedActions is 0 and $.Run.Status is none of 'COMPLETED')"
        in messages(result)[0]
    )


def test_a_choice_of_many_rules_is_decided_fast() -> None:
    """1,366 rules, each a row of a truth table over 12 booleans (44 s before)."""
    rows = random.Random(1).sample(range(4096), 1366)
    fields = [f"$.f{i}" for i in range(12)]
    rules = [
        {
            "And": [
                {"Variable": f, "BooleanEquals": bool(row >> i & 1)} for i, f in enumerate(fields)
            ],
            "Next": "Done",
        }
        for row in rows
    ]
    workflow = machine(
        {
            "StartAt": "Big",
            "States": {"Big": {"Type": "Choice", "Choices": rules}, "Done": {"Type": "Succeed"}},
        }
    )
    rule = load_rules().rules["SF101"]()
    [finding] = rule.check_workflow(workflow)  # about 0.3 s (bench, not asserted here)
    assert finding.message.startswith("Choice state 'Big' has no `Default`: when none of its 1366")
    assert "(e.g. when $.f0 is" in finding.message


def test_a_choice_of_many_rules_that_cover_every_input_is_silent() -> None:
    """Every row of the truth table over 10 booleans: 1,024 rules, nothing left over."""
    fields = [f"$.f{i}" for i in range(10)]
    rules = [
        {
            "And": [
                {"Variable": f, "BooleanEquals": bool(row >> i & 1)} for i, f in enumerate(fields)
            ],
            "Next": "Done",
        }
        for row in range(1024)
    ]
    workflow = machine(
        {
            "StartAt": "All",
            "States": {"All": {"Type": "Choice", "Choices": rules}, "Done": {"Type": "Succeed"}},
        }
    )
    assert list(load_rules().rules["SF101"]().check_workflow(workflow)) == []


def test_a_long_chain_of_choices_still_reports_the_one_without_default() -> None:
    """1,000 Choices on one field with 1,000 values: past the analysis's budget of
    tests (tests read in the square of the chain's length: 28 s and 1.3 GB for
    2,000 before) each test "may hold", and the finding stays, without its example."""
    states: dict[str, Any] = {
        f"C{i}": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.a", "NumericEquals": i, "Next": "Done"}],
            "Default": f"C{i + 1}",
        }
        for i in range(1000)
    }
    states["C1000"] = {
        "Type": "Choice",
        "Choices": [{"Variable": "$.b", "StringEquals": "x", "Next": "Done"}],
    }
    states["Done"] = {"Type": "Succeed"}
    workflow = machine({"StartAt": "C0", "States": states})
    [finding] = load_rules().rules["SF101"]().check_workflow(workflow)
    assert finding.message.startswith("Choice state 'C1000' has no `Default`")


# -- the IR ---------------------------------------------------------------------------------
def test_ir_kinds_edges_and_nested_graphs() -> None:
    workflow = machine(GOOD, "flows/orders.asl.json")
    assert workflow.id == "flows/orders"
    assert workflow.dialect == "stepfunctions"
    kinds = {s.id: s.kind for s in workflow.steps.values()}
    assert kinds == {
        "Validate": StepKind.ACTION,
        "Route": StepKind.BRANCH,
        "Review": StepKind.MESSAGE,
        "Wait a bit": StepKind.DELAY,
        "Ship": StepKind.ACTION,
        "Done": StepKind.EXIT,
        "Failed": StepKind.EXIT,
    }
    labels = [(e.source, e.label, e.target) for e in workflow.edges]
    assert ("Validate", "next", "Route") in labels
    assert ("Validate", "catch[0]", "Failed") in labels
    assert not any(e.label.startswith("retry") for e in workflow.edges)
    assert workflow.steps["Wait a bit"].duration == 60
    assert workflow.steps["Review"].channel == "sns"
    branches = workflow.steps["Ship"].subgraphs
    assert [b.id for b in branches] == [
        "flows/orders/Ship/Branches[0]",
        "flows/orders/Ship/Branches[1]",
    ]
    label_branch = branches[0]
    assert [(e.source, e.label, e.target) for e in label_branch.edges] == [
        ("Label", "end", "(end)")
    ]
    assert label_branch.steps["(end)"].kind is StepKind.EXIT
    picker = branches[1].steps["Each item"].subgraphs[0]
    pick = picker.steps["Pick"]
    assert (pick.kind, pick.channel, pick.template) == (StepKind.MESSAGE, "email", "picked")
    assert len(workflow.graphs()) == 4


def test_ir_choice_conditions_are_exprs_over_variable_paths() -> None:
    workflow = machine(GOOD)
    edges = {e.label: e for e in workflow.out_edges("Route")}
    total = cond.Compare(">", cond.Attr("$.total"), cond.Const(100))
    express = cond.And(
        (
            cond.Compare("==", cond.Attr("$.express"), cond.Const(True)),
            cond.Compare("==", cond.Attr("$.country"), cond.Const("FR")),
        )
    )
    assert edges["choices[0]"].condition == total
    assert edges["choices[1]"].condition == cond.And((cond.negation(total), *express.operands))
    assert edges["default"].condition == cond.And((cond.negation(total), cond.Not(express)))
    person = {"$.total": 50, "$.express": True, "$.country": "FR"}
    taken = [
        label
        for label, e in edges.items()
        if e.condition is not None and cond.evaluate(e.condition, person, set())
    ]
    assert taken == ["choices[1]"]


def test_ir_catch_edges_exclude_the_next_edge() -> None:
    workflow = machine(GOOD)
    edges = {e.label: e for e in workflow.out_edges("Validate")}
    failed = cond.Opaque("Validate fails with States.ALL")
    assert edges["catch[0]"].condition == failed
    assert edges["next"].condition == cond.Not(failed)


def test_filtered_out_option_marks_choice_edges() -> None:
    workflow = machine(GOOD, **{"stepfunctions.filtered-out": ("Rou*.default", "*.choices[1]")})
    excluded = sorted(e.label for e in workflow.edges if e.excludes)
    assert excluded == ["choices[1]", "default"]
    assert not any(e.excludes for e in machine(GOOD).edges)
    everything = machine(GOOD, **{"stepfunctions.filtered-out": ("*",)})
    assert sorted(e.label for e in everything.edges if e.excludes) == [  # Choice edges only
        "choices[0]",
        "choices[1]",
        "default",
    ]


def test_message_options_decide_which_tasks_are_messages() -> None:
    workflow = machine(
        GOOD,
        **{
            "stepfunctions.message-actions": ("lambda:*",),
            "stepfunctions.message-states": ("Wait*",),
        },
    )
    assert workflow.steps["Validate"].kind is StepKind.MESSAGE
    assert workflow.steps["Review"].kind is StepKind.ACTION  # sns:publish no longer listed
    assert workflow.steps["Wait a bit"].kind is StepKind.DELAY  # only Tasks are messages


def test_options_are_validated_in_the_config(project: Any) -> None:
    root = project(
        {
            "lintkit.toml": '[stepfunctions]\nfiltered-out = ["Check.default"]\n',
            "m.asl.json": json.dumps(GOOD),
        }
    )
    assert run("check", root).code == 0
    (root / "lintkit.toml").write_text('[stepfunctions]\nfiltered_out = ["x.default"]\n')
    result = run("check", root)
    assert result.code == 2
    assert "did you mean 'filtered-out'" in result.err


# -- real input -------------------------------------------------------------------------------
def test_every_corpus_file_loads_without_crash(tmp_path: Path) -> None:
    """Real definitions (tests/testdata/asl/SOURCE.md says which)."""
    corpus = tmp_path / "asl"
    shutil.copytree(Path(__file__).parent / "testdata" / "asl", corpus)
    (corpus / "lintkit.toml").write_text("")
    files = sorted(p for p in corpus.rglob("*") if p.name.endswith((".asl.json", ".asl.yaml")))
    assert len(files) == 27
    result = run("check", corpus, "--format", "json")
    assert result.code == 1, result.err
    assert result.err == ""  # no traceback, no internal error
    report = result.json
    assert report["summary"]["files"] == 27
    syntax = [d for d in report["diagnostics"] if d["code"] == "WF001"]
    assert [(d["path"], d["line"], d["column"]) for d in syntax] == [
        ("sfn-iot-data-analytics-dataset/statemachine/statemachine.asl.json", 10, 33)
    ]
    assert all(d["message"] and d["line"] >= 1 for d in report["diagnostics"])
    by_file: dict[str, list[str]] = {}
    for d in report["diagnostics"]:
        by_file.setdefault(d["path"], []).append(d["code"])
    # every diagnostic on this corpus was reviewed (docs/stepfunctions.md): keep it that way
    assert {path: sorted(codes) for path, codes in by_file.items()} == CORPUS_VERDICTS


_TASK_FAILED_ID = ["SF015"] * 4  # 'States.TaskFailedId' in 4 retriers: a typo, never matches
_CDK = "chain-of-responsibility-cdk"
CORPUS_VERDICTS = {
    f"{_CDK}/python/statemachine/atm_dispenser_chained.asl.json": _TASK_FAILED_ID,
    f"{_CDK}/typscript/statemachine/atm_dispenser_chained.asl.json": _TASK_FAILED_ID,
    "chain-of-responsibility/statemachine/atm_dispenser_chained.asl.json": _TASK_FAILED_ID,
    "dynamic-rest-api/statemachine/statemachine.asl.json": ["SF101"],
    "inventory-management-sam/statemachine/create-purchase-order-statemachine.asl.json": ["SF101"],
    "lambda-orchestration-cdk/lambda_orchestration_cdk/statemachine/statemachine.asl.json": [
        "SF101"
    ],
    "lambda-orchestration-cdk/statemachine.asl.json": ["SF101"],
    "lambda-orchestration-sam/statemachine/statemachine.asl.json": ["SF101"],
    "lambda-orchestration-tf/statemachine/statemachine.asl.json": ["SF101"],
    # filters with unquoted texts ([?(@.TargetLanguageCode==es)]): the state fails when it runs
    "parallel-translate/statemachine/statemachine.asl.yaml": ["SF026"] * 3,
    "sfn-iot-data-analytics-dataset/statemachine/statemachine.asl.json": ["WF001"],
    "shared-fallback-state-jsonata/statemachine/statemachine.asl.json": ["SF001"],
    "uml-statemachine/statemachine/BlogServiceRequestSM.asl.json": ["SF101"],
}


def test_demo_machines_show_the_rules() -> None:
    demo = Path(__file__).resolve().parents[1] / "examples" / "demo"
    result = run(
        "check",
        demo / "flows" / "order_fulfillment.asl.json",
        demo / "flows" / "refund.asl.yaml",
        "--format",
        "json",
    )
    assert [
        f"{d['path'].rsplit('/', 1)[1]}:{d['line']}:{d['column']} {d['code']}"
        for d in result.json["diagnostics"]
    ] == [
        "order_fulfillment.asl.json:12:26 SF015",  # States.Timout never matches
        "order_fulfillment.asl.json:17:5 WF103",  # backorder emails in a loop with no Wait
        "order_fulfillment.asl.json:25:5 SF101",  # In stock? has no Default
        "order_fulfillment.asl.json:58:5 WF101",  # Ask for a review is unreachable
        "refund.asl.yaml:13:5 SF005",  # Next and End together
    ]


# -- robustness ---------------------------------------------------------------------------
def _mutations(data: Any, rng: random.Random, count: int) -> Iterator[Any]:
    values: list[Any] = [
        None,
        True,
        0,
        -1,
        1.5,
        "",
        "x",
        "$.a",
        "States.ALL",
        [],
        {},
        [1],
        {"Type": "Pass"},
        ["States.ALL", "x"],
        "{% 1 %}",
        "${X}",
    ]
    keys = [
        "Type",
        "Next",
        "End",
        "Default",
        "Choices",
        "Catch",
        "Retry",
        "Branches",
        "ItemProcessor",
        "Iterator",
        "StartAt",
        "States",
        "Variable",
        "StringEquals",
        "And",
        "Not",
        "Condition",
        "ErrorEquals",
        "Seconds",
        "QueryLanguage",
        "Foo",
    ]
    for _ in range(count):
        mutated = copy.deepcopy(data)
        for _ in range(rng.randint(1, 3)):
            nodes = list(_nodes(mutated))
            path, node = rng.choice(nodes)
            if isinstance(node, dict) and node and rng.random() < 0.4:
                del node[rng.choice(list(node))]
            elif isinstance(node, dict):
                node[rng.choice(keys)] = copy.deepcopy(rng.choice([*values, rng.choice(nodes)[1]]))
            elif path:
                parent = mutated
                for key in path[:-1]:
                    parent = parent[key]
                parent[path[-1]] = copy.deepcopy(rng.choice(values))
        yield mutated


def _nodes(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, data
    children = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in children:
        yield from _nodes(value, (*path, key))


def test_broken_machines_never_crash_the_loader_or_the_rules(tmp_path: Path) -> None:
    """Seeded mutations of a valid machine: every one loads and lints without a crash."""
    root = tmp_path / "repo"
    root.mkdir()
    (root / "lintkit.toml").write_text("")
    rng = random.Random(8)
    for i, mutated in enumerate(_mutations(GOOD, rng, 150)):
        (root / f"m{i}.asl.json").write_text(json.dumps(mutated, indent=1))
    result = run("check", root, "--format", "json", "--select", "ALL")
    assert result.code in (0, 1), result.err
    assert result.err == ""
    assert result.json["summary"]["files"] == 150


# -- checking one file ------------------------------------------------------------------------
CREDITS_FLOW = """\
lintkit: 1
workflow: credits
triggers:
  - event: credits_granted
steps:
  done:
    type: exit
"""


def test_one_machine_is_checked_without_loading_the_others(project: Any) -> None:
    """No project rule reads another file for an ASL machine (no triggers, handlers or
    shared templates): checking one loads that one; a native workflow with an event
    trigger still loads the code that may record it, and a machine that sends an SES
    template the other machines that may send it too."""
    lookup = {
        "StartAt": "Lookup",
        "States": {
            "Lookup": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": True}
        },
    }
    files = {f"flows/m{i}.asl.json": json.dumps(lookup) for i in range(20)}
    files["flows/credits.yaml"] = CREDITS_FLOW
    files["app/events.py"] = "def grant(track):\n    track('credits_granted')\n"
    root = project(files)
    one = run("check", root / "flows/m3.asl.json", "--no-cache", "--verbose")
    assert one.code == 0, one.err
    assert "parsed: 1\n" in one.err
    native = run("check", root / "flows/credits.yaml", "--no-cache", "--verbose")
    assert native.code == 0, native.err + native.out
    assert "parsed: 22\n" in native.err
    (root / "flows/m3.asl.json").write_text(json.dumps(GOOD))  # sends the template 'picked'
    shares = run("check", root / "flows/m3.asl.json", "--no-cache", "--verbose")
    assert "parsed: 22\n" in shares.err


def test_jsonata_reads_no_field_at_the_top_level(project: Any) -> None:
    # Step Functions: "Reference to 'phone' at the top level is not supported"
    result = check(
        project,
        {
            "m.asl.yaml": """
        QueryLanguage: JSONata
        StartAt: A
        States:
          A:
            Type: Pass
            Output:
              relative: "{% $states.input.items[price > 1].{'n': name}^(n) %}"
              bound: "{% ($x := $states.input; $x.phone) %}"
              block: "{% ($x := phone; $x) %}"
              array: "{% [1, name] %}"
              root: "{% $$ %}"
            End: true
        """
        },
    )
    assert found(result) == ["9:25 SF022", "10:22 SF022", "11:17 SF022"]
    assert messages(result)[0].startswith("the field name 'phone' reads the top level")
    assert messages(result)[2].startswith("`$$` reads the top level")


def test_jsonata_regex_python_cannot_compile_is_no_internal_error(project: Any) -> None:
    result = check(
        project,
        {
            "m.asl.json": json.dumps(
                {
                    "QueryLanguage": "JSONata",
                    "StartAt": "A",
                    "States": {
                        "A": {
                            "Type": "Pass",
                            "Output": {
                                "letters": "{% $match($states.input.s, /\\p{L}+/) %}",
                                "nothing": "{% $match($states.input.s, /+/) %}",
                            },
                            "End": True,
                        }
                    },
                }
            )
        },
    )
    assert result.json["errors"] == []
    assert result.code == 0, result.out
