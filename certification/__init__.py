"""Assessments, certification programmes, credentials, Open Badges, public verification."""
