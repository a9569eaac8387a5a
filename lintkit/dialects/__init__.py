"""Dialects turn one input format into the workflow IR (``lintkit.workflow.ir``)."""
