"""Web kernel shared by every app: base layout, language switcher, health endpoints."""
