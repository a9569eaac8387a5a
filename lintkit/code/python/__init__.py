"""Python code facts: libcst for modules worth reading, CPython's ast as a pre-screen."""
