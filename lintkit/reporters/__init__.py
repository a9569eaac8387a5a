"""Reporters format a finished ``Report``; they know nothing of rules.

Registered under the ``lintkit.reporters`` entry point, each is a class with a
``render(report, out)`` method.
"""
