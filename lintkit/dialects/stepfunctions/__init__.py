"""AWS Step Functions state machines (Amazon States Language) as lintkit workflows."""

from lintkit.dialects.stepfunctions.dialect import StepFunctionsDialect

__all__ = ["StepFunctionsDialect"]
