"""lintkit: a linter for workflow definitions and the Python code behind them."""

__version__ = "0.1.0"
