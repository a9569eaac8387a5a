"""Rules on the Python code behind workflows (PY...)."""
