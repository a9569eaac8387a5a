"""Python's extractor (extractor.py, python.py): libcst for modules worth reading,
CPython's ast as a pre-screen and for the others."""

# The kind of the Problem a Python file that cannot be read gets (PY001): here, so
# the extractor (loaded on every run) and python.py (the parsers, loaded on the
# first file) share it without importing each other.
KIND = "python-syntax"
