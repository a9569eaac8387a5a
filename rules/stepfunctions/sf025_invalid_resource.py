from lintkit.core.types import Severity
from lintkit.plugins.rule import ProblemRule, bad, good


class InvalidResource(ProblemRule):
    """
    ## What it does
    Reports a Task `Resource` that is not an ARN Step Functions runs: a service
    integration `arn:aws:states:::SERVICE:ACTION` (or `aws-sdk:SERVICE:ACTION`,
    with `.sync`, `.sync:2` or `.waitForTaskToken`), an activity
    `arn:aws:states:REGION:ACCOUNT:activity:NAME`, or a Lambda function
    `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:ALIAS]`. Placeholders that a
    tool fills in before deploying stand for any part: `${...}` (SAM, CDK,
    Terraform, Serverless), `#{...}` (serverless-pseudo-parameters) and
    `{{ ... }}` (Jinja, Ansible); a `${` that is not closed (`${LambdaArn`) is
    reported.
    A CloudFormation `{"Ref": ...}` or `{"Fn::GetAtt": ...}` is accepted as well.
    For the optimized integrations whose actions are all known (API Gateway,
    Batch, DynamoDB, ECS, EventBridge, Glue, HTTP, Lambda, MediaConvert, SNS, SQS,
    Step Functions), another action is reported: `dynamodb:query` is called as
    `aws-sdk:dynamodb:query`.

    A Resource that is not an ARN at all (`foo:bar`, `{{ worker_arn }}`) is taken
    as a placeholder in another tool's syntax and not reported: the States
    language allows any URI there, and AWS's statelint and ASL language server
    accept one. Only a bare `SERVICE:ACTION` of an integration (`lambda:invoke`,
    the `arn:aws:states:::` forgotten) is reported.

    ## Why is this bad?
    Step Functions rejects the definition (`Invalid Resource ARN`, or "The
    resource provided ... is not recognized"). A Lambda ARN
    ending in `:` (an empty alias) and a placeholder without its `}` are typical
    editing slips.

    ## How to fix
    Write the ARN in one of the shapes above, e.g.
    `arn:aws:states:::lambda:invoke` with the function in `Parameters`.
    """

    code = "SF025"
    name = "invalid-resource"
    summary = "a Task `Resource` that is not an integration, activity or Lambda ARN"
    severity = Severity.ERROR
    problem_kind = "SF025"
    examples = (
        bad(
            """
            {
              "StartAt": "Resize",
              "States": {
                "Resize": {
                  "Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:resize:",
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["6:73 the alias or version after the function name is empty"],
        ),
        bad(
            """
            {
              "StartAt": "Find orders",
              "States": {
                "Find orders": {
                  "Type": "Task",
                  "Resource": "arn:aws:states:::dynamodb:query",
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
            expect=["6:46 `dynamodb:query` is not an optimized integration"],
        ),
        good(
            """
            {
              "StartAt": "Resize",
              "States": {
                "Resize": {
                  "Type": "Task",
                  "Resource": "arn:aws:lambda:us-east-1:123456789012:function:resize:live",
                  "End": true
                }
              }
            }
            """,
            path="machine.asl.json",
        ),
    )
