"""A repository as lintkit sees it: discovery, per-file loading, the cache, git HEAD
versions for --changed, outlines, and the project view cross-file rules read."""
