"""The analysts' review app (``make review``; needs the ``[review]`` extra).

A tool above the stages: it reads the latest tables through :func:`pipeline.tables.load_tables`
and :func:`pipeline.tables.redacted_view`, and writes the correction files in
``data/labels/`` that the stages read on the next ``dvc repro`` (formats and readers:
:mod:`pipeline.labels`). It imports no stage package.

- :mod:`.store` — writing the correction files safely (file lock, atomic replace, a
  malformed file refused and left as it is).
- :mod:`.app` — the Starlette app: pages, forms and guards (CSRF token, local Host/Origin
  only, escaping).
- ``python -m pipeline.review`` — serves it on 127.0.0.1.
"""
