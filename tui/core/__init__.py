"""Everything that is not the screen: articles, corpus scanning, the index, queries, entities.

Nothing in this package imports Textual, so the command line, the tests and the
benchmarks all use the same core as the reader.
"""
