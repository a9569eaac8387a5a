"""TypeScript, TSX, JavaScript and JSX behind the code facts (extractor.py), read
with tree-sitter (``lintkit.documents.treesitter``)."""

# The kind of the Problem a file that cannot be read gets (TS001): here, so the
# extractor (loaded on every run) and extract.py (loaded on the first file) share it.
KIND = "typescript-syntax"
