"""The event feed and webhook endpoints of the partner API."""
