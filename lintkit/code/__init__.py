"""Code facts: the language-neutral model code rules read (model.py), the seam
extractors plug in at (extractor.py, entry point ``lintkit.languages``), the
settings every extractor reads (options.py, settings.py), and one extractor per
language: python/ (libcst), go/ and typescript/ (tree-sitter)."""
