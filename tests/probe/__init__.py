"""A test-only app with handlers whose effects the event-spine tests count in the database."""
