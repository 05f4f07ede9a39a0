"""The partner API endpoints of certification (mounted by lms.rest at /api/v1/)."""
