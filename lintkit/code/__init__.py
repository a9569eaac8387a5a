"""Code facts: the model code rules read, and one extractor per language (python/)."""
