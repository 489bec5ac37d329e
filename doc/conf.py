# Sphinx configuration for building this module's documentation on its own:
#   sphinx-build -W -b html doc build/doc-html
# Inside an ns-3 tree the chapter doc/tcp-teardown.rst is included by ns-3's own model
# documentation instead, and this file is not used.

project = "tcp-teardown"
author = "tcp-teardown authors"
copyright = "2026, tcp-teardown authors"
root_doc = master_doc = "tcp-teardown"
# validation-table.rst is included by the chapter, not a page of its own.
exclude_patterns = ["_build", "validation-table.rst"]
html_theme = "alabaster"
