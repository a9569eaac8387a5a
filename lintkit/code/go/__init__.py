"""Go behind the code-facts seam (entry point ``lintkit.languages``: go).

Read with tree-sitter (``lintkit.documents.treesitter``); Go code is never built
or run. ``extractor.py`` is what every run loads; the parser and the readers
(``read.py`` and the modules it uses) load on the first ``.go`` file.
"""

KIND = "go-syntax"
