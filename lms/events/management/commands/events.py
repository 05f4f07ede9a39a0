"""`manage.py events status|failed|retry <id>|sweep|purge|catalogue`: the outbox for operators."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.events import catalogue, selectors, services
from lms.events.models import HandlerRun


class Command(BaseCommand):
    help = "Show outbox lag and failed handler runs; retry a run; sweep or purge the outbox."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="Outbox lag, unpublished events, pending and failed runs.")
        failed = sub.add_parser("failed", help="List failed handler runs, newest first.")
        failed.add_argument("--limit", type=int, default=50)
        retry = sub.add_parser("retry", help="Send a failed handler run again.")
        retry.add_argument("run_id", type=int)
        sub.add_parser("sweep", help="Publish what the relay missed now (beat does this).")
        purge = sub.add_parser("purge", help="Delete old events whose handlers all succeeded.")
        purge.add_argument("--older-than-days", type=int, default=None)
        catalogue = sub.add_parser("catalogue", help="Print the event catalogue (Markdown).")
        catalogue.add_argument("--write", metavar="FILE", help="Replace the catalogue in FILE.")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _status(self, **options):
        status = selectors.outbox_status()
        oldest = status.oldest_unpublished_at.isoformat() if status.oldest_unpublished_at else "-"
        self.stdout.write(f"unpublished events: {status.unpublished}")
        self.stdout.write(f"oldest unpublished: {oldest}")
        self.stdout.write(f"outbox lag:         {status.lag_seconds:.1f}s")
        self.stdout.write(f"pending runs:       {status.pending_runs}")
        self.stdout.write(f"failed runs:        {status.failed_runs}")

    def _failed(self, *, limit, **options):
        runs = selectors.failed_runs(limit=limit)
        if not runs:
            self.stdout.write("No failed handler runs.")
        for run in runs:
            error = (run.last_error.strip().splitlines() or [""])[-1]
            self.stdout.write(
                f"{run.pk}\t{run.event.type}\t{run.event.event_id}\t{run.handler}\t"
                f"attempts={run.attempts}\t{error}"
            )

    def _retry(self, *, run_id, **options):
        try:
            run = services.handler_run_retry(run_id=run_id)
        except HandlerRun.DoesNotExist:
            raise CommandError(f"There is no handler run {run_id}.") from None
        except services.RunNotRetryable as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Handler run {run.pk} sent again; its status is now {run.status}.")

    def _sweep(self, **options):
        result = services.sweep()
        self.stdout.write(
            f"published {result.published} events, re-sent {result.redispatched} runs"
            + (" (broker unavailable)" if result.broker_down else "")
        )

    def _catalogue(self, *, write, **options):
        if not write:
            self.stdout.write(catalogue.catalogue_markdown())
            return
        path = Path(write)
        text = path.read_text()
        if catalogue.START not in text or catalogue.END not in text:
            raise CommandError(f"{path} has no {catalogue.START} … {catalogue.END} markers.")
        path.write_text(catalogue.replace_in(text))
        self.stdout.write(f"Wrote the event catalogue into {path}.")

    def _purge(self, *, older_than_days, **options):
        self.stdout.write(f"deleted {services.purge(older_than_days=older_than_days)} rows")
