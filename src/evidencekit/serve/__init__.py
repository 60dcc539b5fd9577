"""``evidencekit serve``: the case folders as a local web page (a face, like cli.py).

Imports starlette, jinja2 and uvicorn (the ``web`` extra) only in its modules, never here, so
``evidencekit serve`` can say how to install them. Uses ``evidencekit.api`` only.
"""
