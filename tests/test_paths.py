"""lintkit.workflow.feasible, the API rules and the simulator use, on workflows from YAML."""

from __future__ import annotations

import textwrap

from lintkit.project.load_file import LoadSettings, load_workflow_file
from lintkit.workflow import feasible as paths
from lintkit.workflow.feasible import EMPTY, PathAnalysis, compatible, path_text
from lintkit.workflow.ir import StepKind, Workflow


def load(text: str) -> Workflow:
    result = load_workflow_file(
        "flow.yaml", textwrap.dedent(text).encode(), LoadSettings(), declared=True
    )
    assert not result.problems, result.problems
    return result.workflows[0]


def messages(analysis: PathAnalysis, entries=None, **kw):
    return analysis.search(
        analysis.from_start(entries), lambda s: s.kind is StepKind.MESSAGE, **kw
    ).witnesses


VIP = """
    lintkit: 1
    workflow: vip
    steps:
      is_vip:
        type: filter
        keep: "email == 'ceo@example.com'"
        next: done
        otherwise: by_email
      by_email:
        type: branch
        cases:
          - when: "email == 'ceo@example.com'"
            next: thanks
        default: offer
      thanks:
        type: message
        channel: email
        template: thanks
        next: done
      offer:
        type: message
        channel: email
        template: offer
        next: done
      done:
        type: exit
"""


def test_string_equality_splits_named_values_from_the_rest_exactly():
    analysis = PathAnalysis(load(VIP))
    found = messages(analysis)
    assert sorted(found) == ["offer"]  # every other address is filtered out, certainly
    assert found["offer"].certain
    assert path_text(found["offer"].edges) == "is_vip.otherwise -> by_email -> offer"
    assert analysis.describe(found["offer"].knowledge) == "email != 'ceo@example.com'"


def test_empty_reads_as_null_and_as_empty_string():
    workflow = load("""
        lintkit: 1
        workflow: w
        steps:
          check:
            type: branch
            cases:
              - when: "email != null"
                next: a
              - when: "email != ''"
                next: b
              - when: "email"
                next: c
            default: d
          a: {type: exit}
          b: {type: exit}
          c: {type: exit}
          d: {type: exit}
    """)
    analysis = PathAnalysis(workflow)
    entries = analysis.entries(facts={"email": [EMPTY]})
    reached = analysis.search(analysis.from_start(entries)).states
    assert "d" in reached and not {"a", "b", "c"} & set(reached)


def test_ordered_tests_on_open_values_are_guesses_remembered_per_test():
    workflow = load("""
        lintkit: 1
        workflow: w
        attributes:
          score: {type: number}
        steps:
          first:
            type: branch
            cases:
              - when: "score > 5"
                next: second
            default: done
          second:
            type: branch
            cases:
              - when: "not (score > 5)"
                next: never
              - when: "score >= 6"
                next: maybe
            default: done
          never:
            type: message
            channel: push
            template: never
            next: done
          maybe:
            type: message
            channel: push
            template: maybe
            next: done
          done:
            type: exit
    """)
    found = messages(PathAnalysis(workflow))
    assert sorted(found) == ["maybe"]
    assert not found["maybe"].certain  # `score >= 6` is another test: a guess


def test_updates_rewrite_what_is_known_and_forget_guesses():
    workflow = load("""
        lintkit: 1
        workflow: w
        attributes:
          plan: {enum: [free, pro]}
          score: {type: number}
        steps:
          low:
            type: filter
            keep: "score < 3 and plan == 'free'"
            next: reset
            otherwise: done
          reset:
            type: update
            set: {score: 10, plan: pro}
            next: check
          check:
            type: branch
            cases:
              - when: "score < 3 or plan == 'free'"
                next: wrong
              - when: "score == 10 and plan == 'pro'"
                next: right
            default: done
          wrong:
            type: message
            channel: push
            template: wrong
            next: done
          right:
            type: message
            channel: push
            template: right
            next: done
          done:
            type: exit
    """)
    found = messages(PathAnalysis(workflow))
    assert sorted(found) == ["right"]
    assert found["right"].certain is False  # reaching `reset` needed a guess on `score < 3`


def test_entries_know_the_trigger_event():
    workflow = load("""
        lintkit: 1
        workflow: w
        triggers:
          - event: signed_up
          - segment: everyone
        steps:
          done: {type: exit}
    """)
    analysis = PathAnalysis(workflow)
    described = [analysis.describe(k) for k in analysis.entries()]
    assert described == ["events.signed_up", "anyone"]
    never_signed_up = analysis.entries(facts={"events.signed_up": [False]})
    assert [analysis.describe(k) for k in never_signed_up] == ["not events.signed_up"]
    assert analysis.entries(facts={"email": []}) == []


def test_cycles_terminate_and_witnesses_are_shortest():
    workflow = load("""
        lintkit: 1
        workflow: w
        attributes:
          tries: {enum: [0, 1, 2]}
        steps:
          start:
            type: update
            set: {tries: 0}
            next: loop
          loop:
            type: branch
            cases:
              - when: "tries == 0"
                next: one
              - when: "tries == 1"
                next: two
            default: send
          one:
            type: update
            set: {tries: 1}
            next: loop
          two:
            type: update
            set: {tries: 2}
            next: loop
          send:
            type: message
            channel: push
            template: third_try
            next: start
    """)
    found = messages(PathAnalysis(workflow))
    assert path_text(found["send"].edges) == (
        "start.next -> loop -> one -> loop -> two -> loop -> send"
    )
    assert found["send"].certain


def test_over_budget_falls_back_to_graph_reachability_uncertainly():
    workflow = load(VIP)
    analysis = PathAnalysis(workflow, max_states=1)
    reach = analysis.search(analysis.from_start(), lambda s: s.kind is StepKind.MESSAGE)
    assert not reach.complete
    assert sorted(reach.witnesses) == ["offer", "thanks"]
    assert not any(w.certain for w in reach.witnesses.values())


def test_too_many_cubes_means_the_condition_may_hold():
    workflow = load("""
        lintkit: 1
        workflow: w
        attributes:
          a: {type: boolean}
          b: {type: boolean}
          c: {type: boolean}
        steps:
          f:
            type: filter
            keep: "a or b or c"
            next: send
            otherwise: done
          send:
            type: message
            channel: push
            template: hi
            next: done
          done:
            type: exit
    """)
    assert messages(PathAnalysis(workflow))["send"].certain
    assert not messages(PathAnalysis(workflow, max_cubes=2))["send"].certain


def test_example_people_and_compatibility():
    workflow = load("""
        lintkit: 1
        workflow: w
        attributes:
          plan: {enum: [free, pro]}
        triggers:
          - event: signed_up
        steps:
          f:
            type: filter
            keep: "plan == 'pro' and not events.churned"
            next: send
            otherwise: done
          send:
            type: message
            channel: push
            template: hi
            next: done
          done:
            type: exit
    """)
    analysis = PathAnalysis(workflow)
    witness = messages(analysis)["send"]
    assert analysis.example(witness.knowledge) == {
        "attributes": {"plan": "pro"},
        "events": ["signed_up"],
        "opaque": {},
    }
    churned = analysis.entries(facts={"events.churned": [True]})[0]
    free = analysis.entries(facts={"plan": ["free"]})[0]
    assert not compatible(witness.knowledge, churned)
    assert not compatible(witness.knowledge, free)
    assert compatible(witness.knowledge, free, ignore=["plan"])
    assert analysis.who(witness) == "plan = 'pro' and not events.churned"


def test_the_shared_analysis_is_one_per_workflow():
    workflow = load(VIP)
    assert PathAnalysis.of(workflow) is PathAnalysis.of(workflow)
    assert paths.value(True) != paths.value(1)


def test_opaque_tests_are_free_booleans_that_read_the_same_twice():
    from lintkit.workflow import conditions as cond

    analysis = PathAnalysis(load(VIP))
    test = cond.Opaque("matches('^ceo@')")
    both = cond.And((test, cond.Not(cond.Opaque("matches('^ceo@')"))))
    assert analysis.restrict(paths.Knowledge(), both) == []
    either = analysis.restrict(paths.Knowledge(), cond.Or((test, cond.Opaque("other"))))
    assert [analysis.describe(k) for k in either] == [
        "<matches('^ceo@')>",
        "not <matches('^ceo@')> and <other>",
    ]
    assert all(k.certain for k in either)
