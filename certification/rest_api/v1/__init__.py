"""Partner API v1: credential verification and the organisation roster."""
