"""Rules about Go files themselves (their code facts are read by rules/code)."""
