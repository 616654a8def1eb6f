"""prevent-docs: turn council papers about the Prevent duty into data.

The library does the work (`pipeline.ingest`, `store.open_db`, `serving.make_datasette`);
`cli.py` is a thin layer over it.
"""

__version__ = "0.1.0"
