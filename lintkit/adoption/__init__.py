"""Adopting lintkit on a repository that has findings already: a baseline file of the
findings to live with (``check --write-baseline`` / ``--baseline``), suppression
comments added in bulk (``check --add-noqa``), and suppressions kept in the
configuration for files that cannot hold a comment (JSON). A finding is known by
its fingerprint: the rule, the file and what it says about which text, never its
line number, so moving code around does not bring it back."""
