"""Rules over workflow files and their graphs (WF...)."""
