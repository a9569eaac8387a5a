"""Applying fixes: a finding's changes -> exact edits -> new bytes, checked before written.

``resolve`` turns a fix's changes into edits against the file's text (reading the
parsed document for where a key or item goes); ``apply`` splices the edits of
non-overlapping fixes into the text; ``plan`` does that for a whole report,
checks that each changed file still parses, writes it (``check --fix``) or
shows the diff (``check --diff``). The types a rule uses are in lintkit.core.types.
"""
