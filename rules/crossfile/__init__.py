"""Rules across workflows and code (XR...): events and handlers must meet."""
