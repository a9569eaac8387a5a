"""What every layer shares: positions and diagnostics, the one did-you-mean, durations, globs."""
