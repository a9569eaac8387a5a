"""Per-file facts about application code: plain data, a pure function of bytes."""
