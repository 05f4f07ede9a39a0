"""Wagtail base: home and standard pages, the block library, site settings, editorial workflow."""
