"""Python's extractor (extractor.py, python.py): libcst for modules worth reading,
CPython's ast as a pre-screen and for the others."""
