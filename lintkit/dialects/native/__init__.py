"""lintkit's own workflow format (`lintkit: 1`)."""
