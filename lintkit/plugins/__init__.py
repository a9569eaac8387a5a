"""The seams: the Rule base class, the Dialect protocol, and the registry that finds
rules, dialects and reporters by entry point."""
