"""n8n workflows (exported JSON: ``nodes`` and ``connections``) as lintkit workflows."""

from lintkit.dialects.n8n.dialect import N8nDialect

__all__ = ["N8nDialect"]
