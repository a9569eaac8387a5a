"""lintkit's built-in rules, shipped as the package ``lintkit_rules``.

They are registered through the ``lintkit.rules`` entry-point group in
pyproject.toml, exactly as a third-party rule package would be. One rule per
module, named by code and name (``workflow/wf101_unreachable_step.py``).
"""
