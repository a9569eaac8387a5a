"""What every layer shares: positions and diagnostics, the one did-you-mean, durations, globs,
and the one way to read a file of a project (`reading`: inside the root, regular files only)."""
