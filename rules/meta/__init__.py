"""Rules about lintkit's own directives (LK...)."""
