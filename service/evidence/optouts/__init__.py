"""Text-and-data-mining opt-outs verified from a dataset's collection record (docs/optouts.md).

records.py reads JSON Lines, CSV or WARC as a stream of items; snapshots.py holds the robots.txt and
tdmrep.json captures in force; signals.py parses what each source declared; evaluate.py judges each
item and keeps the counts and samples; verifier.py wires it into `input.verified.collection_records`.
"""
