"""Build checks and generators for the Family Involvement Training course.

Plain Python modules that do not import MkDocs (so `python -m hooks check` runs in a second
and the course logic survives a change of site engine); `mkdocs_events.py` wires them to MkDocs.
"""
