from django.db import models


class Effect(models.Model):
    """One row per handler execution that committed. Deliberately no unique constraint: a
    duplicated effect must show up as a second row, not be hidden by the database."""

    handler = models.CharField(max_length=100)
    event_id = models.UUIDField(db_index=True)
    event_type = models.CharField(max_length=120)
    started_at = models.DateTimeField(
        help_text="When the handler started (for latency benchmarks)."
    )
    created_at = models.DateTimeField(auto_now_add=True)


class Switch(models.Model):
    """Test-controlled behaviour shared with a worker process through the database."""

    name = models.CharField(max_length=50, unique=True)
    sleep_seconds = models.FloatField(default=0)
