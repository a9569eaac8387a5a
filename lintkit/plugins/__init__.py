"""The seams: the Rule base class, the Dialect and Reporter protocols, and the
loading of each by entry point (a plugin that fails to load is named, with its
distribution, and left out); the registry selects rules."""
