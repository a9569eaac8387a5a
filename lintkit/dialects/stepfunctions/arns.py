"""The shape of a Task's ``Resource`` ARN, with deployment-tool ``${...}`` placeholders.

Step Functions runs three kinds of Resource: a service integration
(``arn:aws:states:::sns:publish``, ``...:::aws-sdk:s3:getObject``, with
``.sync``, ``.sync:2`` or ``.waitForTaskToken``), an activity
(``arn:aws:states:REGION:ACCOUNT:activity:NAME``) and a Lambda function
(``arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS_OR_VERSION]``). SAM, CDK
and Terraform fill ``${...}`` before deploying (other tools ``#{...}`` or
``{{ ... }}``), so a placeholder stands for any part. Region and account are not
checked (they are often placeholders, and the service fills an empty one for an
integration).

A Resource that is not an ARN at all (``foo:bar``, ``<LAMBDA_ARN>``) is taken as
a placeholder in another tool's syntax: the States language allows any URI
there, and AWS's statelint and ASL language server accept one. Only a bare
``SERVICE:ACTION`` of a Step Functions integration (``lambda:invoke``) is
reported: an ARN whose ``arn:aws:states:::`` prefix was forgotten.
"""

from __future__ import annotations

import re

# ${...} (SAM, CDK, Terraform, Serverless), #{...} (serverless-pseudo-parameters)
# and {{ ... }} (Jinja, Ansible) stand for a part filled in before deploying.
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|#\{[^}]*\}|\{\{[^}]*\}\}")
_FILLED = "P0"  # what a placeholder becomes: fits every part below
_PARTITION = re.compile(r"[A-Za-z0-9-]+")
_INTEGRATION = re.compile(
    r"(aws-sdk:[A-Za-z0-9-]+:[A-Za-z0-9]+|[A-Za-z0-9-]+:[A-Za-z0-9]+)"
    r"(\.sync(:2)?|\.waitForTaskToken)?"
)
# Services Step Functions integrates with (the prefix of arn:aws:states:::SERVICE:ACTION).
_INTEGRATED = frozenset(
    [
        "apigateway",
        "aws-sdk",
        "athena",
        "batch",
        "bedrock",
        "codebuild",
        "databrew",
        "dynamodb",
        "ecs",
        "eks",
        "elasticmapreduce",
        "emr-containers",
        "emr-serverless",
        "events",
        "glue",
        "http",
        "lambda",
        "mediaconvert",
        "sagemaker",
        "sns",
        "sqs",
        "states",
    ]
)
# The actions of the optimized integrations whose whole list is known (the
# service refuses another: "The resource provided arn:aws:states:::dynamodb:query
# is not recognized"); any other action goes through aws-sdk:SERVICE:ACTION.
_OPTIMIZED_ACTIONS = {
    "apigateway": ("invoke",),
    "batch": ("submitJob",),
    "dynamodb": ("getItem", "putItem", "updateItem", "deleteItem"),
    "ecs": ("runTask",),
    "events": ("putEvents",),
    "glue": ("startJobRun",),
    "http": ("invoke",),
    "lambda": ("invoke",),
    "mediaconvert": ("createJob",),
    "sns": ("publish",),
    "sqs": ("sendMessage",),
    "states": ("startExecution",),
}
_ACTIVITY = re.compile(r"activity:[A-Za-z0-9_.-]+")
_FUNCTION = re.compile(r"function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?")


def resource_problem(resource: str) -> tuple[str, int] | None:
    """Why ``resource`` is not a Resource Step Functions runs, and at which character."""
    opened = resource.find("${")
    while opened >= 0:
        if resource.find("}", opened) < 0:
            return "the placeholder `${` is not closed with `}`", opened
        opened = resource.find("${", resource.find("}", opened))
    filled = _PLACEHOLDER.sub(_FILLED, resource)
    problem = _shape(filled)
    if problem is None:
        return None
    message, offset = problem
    return message, offset if filled == resource else 0  # offsets are in the filled text


def _shape(filled: str) -> tuple[str, int] | None:
    if filled == _FILLED:
        return None  # the whole Resource comes from the template
    if not filled.startswith("arn:"):
        if _INTEGRATION.fullmatch(filled) and filled.split(":")[0] in _INTEGRATED:
            return f"it lacks the `arn:aws:states:::` before `{filled}`", 0
        return None  # not an ARN: a placeholder another tool fills in (see above)
    parts = filled.split(":", 5)
    if len(parts) < 6:
        return "an ARN has six parts: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", 0
    _, partition, service, _region, _account, rest = parts
    if not _PARTITION.fullmatch(partition):
        return f"{partition!r} is not a partition (aws, aws-cn, aws-us-gov...)", 4
    at = len(":".join(parts[:5])) + 1
    if service == "lambda":
        if _FUNCTION.fullmatch(rest) or rest == _FILLED:
            return None
        if rest.startswith("function:") and rest.endswith(":"):
            return "the alias or version after the function name is empty", len(filled) - 1
        return "a Lambda ARN ends with function:NAME, or function:NAME:ALIAS", at
    if service == "states":
        if _ACTIVITY.fullmatch(rest) or rest == _FILLED:
            return None
        if _INTEGRATION.fullmatch(rest):
            return _unknown_action(rest, at)
        return (
            "a Step Functions resource is SERVICE:ACTION (sns:publish, lambda:invoke),"
            " aws-sdk:SERVICE:ACTION, with .sync, .sync:2 or .waitForTaskToken, or"
            " activity:NAME",
            at,
        )
    if service == _FILLED:
        return None
    return f"a Task runs a `states` or `lambda` resource, not {service!r}", len("arn:") + len(
        partition
    ) + 1


def _unknown_action(integration: str, at: int) -> tuple[str, int] | None:
    """An optimized integration's action that the service does not offer."""
    service, action = integration.split(".")[0].split(":")[:2]
    known = _OPTIMIZED_ACTIONS.get(service)
    # case aside: whether the service reads `GetItem` for `getItem` is not known
    if known is None or action == _FILLED or action.lower() in (a.lower() for a in known):
        return None
    return (
        f"`{service}:{action}` is not an optimized integration ({service} offers"
        f" {', '.join(known)}); call other actions through"
        f" arn:aws:states:::aws-sdk:{service}:{action}",
        at + len(service) + 1,
    )
