"""Rules for AWS Step Functions state machines (SF...)."""
