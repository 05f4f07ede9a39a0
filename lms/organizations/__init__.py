"""Partner organisations and their members (with what each member consents to share)."""
