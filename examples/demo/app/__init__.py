"""Handlers behind the workflows in flows/ (referenced as "app.module:function")."""
