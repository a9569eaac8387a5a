"""``lintkit server``: a language server (pygls, the optional ``lsp`` extra).

``session`` keeps a project loaded and re-reads the files an editor changes from
their unsaved text; ``lsp`` speaks the protocol: diagnostics on open, change and
save (every open file of the project again, since a project rule's finding in
one file may depend on another), quick fixes from the findings' fixes, and a
"suppress with a reason" action.
"""
