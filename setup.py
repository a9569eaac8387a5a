"""Which packages ship, found from the folders: a new dialect, language or rule
family is a folder and an entry point, with no list to extend. Everything else
about the distribution is in pyproject.toml."""

from setuptools import find_namespace_packages, setup

_SKIP = ["*.__pycache__", "*.__pycache__.*"]


def packages() -> list[str]:
    """lintkit's packages (with data-only ones such as lintkit.schemas), and the
    rules, which ship as lintkit_rules from rules/ (see package-dir)."""
    lintkit = find_namespace_packages(include=["lintkit", "lintkit.*"], exclude=_SKIP)
    rules = find_namespace_packages("rules", exclude=_SKIP)
    return [*lintkit, "lintkit_rules", *(f"lintkit_rules.{name}" for name in rules)]


if __name__ == "__main__":
    setup(packages=packages())
