"""lintkit: a linter for workflow definitions and the Python code behind them."""

# The one place the version is written (pyproject.toml reads it; docs/releasing.md).
__version__ = "0.1.0"
# The name on the package index: `lintkit` there is another project. The import
# package and the command stay `lintkit`; `lintkit --version` names both, which is
# how the GitHub Action checks that it installed this tool.
DISTRIBUTION = "lintkit-workflows"
