"""Reporters format a finished ``Report`` (lintkit.core.report), not the engine's state.

Beyond the report they read only the checked files' text and where the git work
tree is: ``text`` shows the source line under each finding and ``sarif``
fingerprints a finding by the text of its line (stable across unrelated edits),
both through ``lintkit.core.reading.read_inside``, which refuses a file that
is not a regular file inside the project root, as every read of a project does;
``sarif``, ``github`` and ``markdown`` write paths from the repository root
(``base.repository_root``), as GitHub matches them.

Each is registered under the ``lintkit.reporters`` entry point, named for its
format, and is a ``Reporter`` (lintkit.plugins.reporter).
"""
