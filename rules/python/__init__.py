"""Rules on Python alone (PY...): its syntax."""
