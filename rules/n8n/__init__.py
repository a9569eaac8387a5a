"""Rules for n8n workflows: the format's own checks (NN0xx) and its incidents (NN1xx)."""
