"""Generators of the docs site's reference pages, each from its one source.

``configuration`` renders the Config model and every rule's and dialect's
Options; ``format`` renders the native format's JSON Schema; ``snippets``
renders fragments the hand-written guides include (the action's inputs, the
pre-commit hooks, real lintkit output). ``lintkit.docgen.site`` gathers them.
"""
