"""Credentials: programme rules, issuance, the lifecycle, signed documents and keys."""
