"""Reporters format a finished ``Report`` (lintkit.core.report) and read nothing else.

Each is registered under the ``lintkit.reporters`` entry point, named for its
format, and is a ``Reporter`` (lintkit.plugins.reporter).
"""
