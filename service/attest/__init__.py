"""Signed verdicts: in-toto Statements in DSSE envelopes, and signed checkpoints of the log.

Everything here runs without the server's dependencies (no FastAPI, no SQLAlchemy), because a
deploy job verifies attestations with the slim install: `cleangate attest verify`.
The envelope and key handling come from securesystemslib (DSSE, pyca/cryptography keys), the
Statement shape and its validation from in-toto-attestation.
"""
