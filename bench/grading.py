"""Benchmark quiz grading: the server time to grade a 50-question attempt, and submissions per
second through the HTTP endpoint.

    .venv/bin/python bench/grading.py [--attempts 300] [--questions 50]

Uses its own PostgreSQL database, `sebaya_bench_grading` on postgres://postgres@127.0.0.1:5432
(or BENCH_GRADING_DATABASE_URL), created and migrated when missing; attempts and events are
emptied before each run. Settings: lms.settings.test with that database, persistent connections,
and Celery not eager (the relay hands its tasks to the in-memory broker, as a web process hands
them to a real one; no handler runs in the request).

Prints:
- grade(): the pure grading function on a frozen 50-question draw, median and p99;
- attempt_submit(): the service (lock the row, grade, conditional update, two outbox events,
  commit), median and p99;
- HTTP: POST /<lang>/assessments/attempts/<id>/answers/ with all 50 answers and "submit", one
  client after another (Django test client, so no network or WSGI server): median, p99 and
  submissions per second.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sebaya_bench_grading"


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def ms(value: float) -> str:
    return f"{value * 1000:.2f} ms"


def questions(count: int) -> list[dict]:
    """`count` questions: single choice, multiple response and true/false in turn, 1-2 points."""
    domains = ["peer-role", "ethics-boundaries", "communication", "crisis-safety", "advocacy"]
    result = []
    for number in range(1, count + 1):
        kind = ("single_choice", "multiple_response", "true_false")[number % 3]
        if kind == "true_false":
            options = [
                {"id": "true", "text": "True", "correct": True, "feedback": "Yes."},
                {"id": "false", "text": "False", "correct": False, "feedback": "No."},
            ]
        else:
            options = [
                {
                    "id": letter,
                    "text": f"Option {letter}",
                    "correct": letter == "a" or (kind == "multiple_response" and letter == "c"),
                    "feedback": f"Feedback {letter}.",
                }
                for letter in "abcde"
            ]
        result.append(
            {
                "id": f"q{number:02d}",
                "type": kind,
                "domain": domains[number % len(domains)],
                "points": 1 + number % 2,
                "prompt": f"<p>Question {number}?</p>",
                "options": options,
                "explanation": "<p>Because.</p>",
            }
        )
    return result


def setup(question_count: int):
    from django.db import connection
    from wagtail.models import Page, Site

    from certification.demo import questions_stream
    from certification.models import QuizPage
    from courses.models import CoursePage

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE certification_attempt, events_handlerrun, events_event RESTART IDENTITY"
        )
    root = Site.objects.get(is_default_site=True).root_page
    course = CoursePage.objects.filter(slug="bench-course").first()
    if course is None:
        course = root.add_child(
            instance=CoursePage(
                title="Bench course", slug="bench-course", summary="Bench.", estimated_minutes=1
            )
        )
        course.save_revision().publish()
    QuizPage.objects.filter(slug="bench-quiz").delete()
    quiz = QuizPage(
        title="Bench quiz",
        slug="bench-quiz",
        questions=questions_stream(questions(question_count)),
        attempts_allowed=0,
        cooldown_hours=0,
        review_policy="questions",
        multiple_response_scoring="partial",
    )
    Page.objects.get(pk=course.pk).add_child(instance=quiz)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


def answers_for(attempt) -> dict[str, list[str]]:
    """Plausible answers: the first option for every question, plus "c" for multiple response."""
    result = {}
    for unit in attempt.questions:
        for item in unit["items"]:
            chosen = [item["options"][0]["id"]]
            if item["type"] == "multiple_response":
                chosen.append("c")
            result[item["id"]] = sorted(set(chosen))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=300)
    parser.add_argument("--questions", type=int, default=50)
    options = parser.parse_args()

    url = os.environ.get("BENCH_GRADING_DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DATABASE_CONN_MAX_AGE"] = "600"
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # the test client's ALLOWED_HOSTS and templates signals
    call_command("migrate", verbosity=0)

    from certification import services
    from certification.grading import grade
    from lms.accounts.models import User

    quiz = setup(options.questions)
    users = []
    for number in range(options.attempts):
        email = f"bench-{number}@example.org"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=None
        )
        users.append(user)

    # 1. grade() and attempt_submit(): one trainee after another.
    grade_times, submit_times = [], []
    for user in users:
        attempt = services.attempt_start(user=user, quiz=quiz)
        answers = answers_for(attempt)
        services.attempt_answers_save(user=user, attempt_id=attempt.public_id, answers=answers)
        started = time.perf_counter()
        grade(units=attempt.questions, answers=answers, rules=attempt.rules)
        grade_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        services.attempt_submit(user=user, attempt_id=attempt.public_id)
        submit_times.append(time.perf_counter() - started)

    # 2. HTTP: each trainee has an attempt open and a logged-in client; then submit them all.
    prepared = []
    for user in users:
        attempt = services.attempt_start(user=user, quiz=quiz)
        client = Client()
        client.force_login(user)
        answers = answers_for(attempt)
        data = {"shown": list(answers), "submit": "1"}
        data.update({f"answer-{item}": chosen for item, chosen in answers.items()})
        url_ = reverse("certification:attempt-answer", args=[attempt.public_id])
        prepared.append((client, url_, data))
    http_times = []
    wall = time.perf_counter()
    for client, url_, data in prepared:
        started = time.perf_counter()
        response = client.post(url_, data)
        http_times.append(time.perf_counter() - started)
        if response.status_code != 302:
            raise RuntimeError(f"submission answered {response.status_code}")
    wall = time.perf_counter() - wall

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
    print(
        f"machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, PostgreSQL {server_version} (loopback)"
    )
    print(f"{options.attempts} attempts of {options.questions} questions each")
    print(
        f"grade()          median {ms(statistics.median(grade_times))}  p99 {ms(p99(grade_times))}"
    )
    print(
        f"attempt_submit() median {ms(statistics.median(submit_times))}  "
        f"p99 {ms(p99(submit_times))}"
    )
    print(
        f"HTTP submit      median {ms(statistics.median(http_times))}  p99 {ms(p99(http_times))}  "
        f"{len(http_times) / wall:.0f} submissions/s (one client at a time)"
    )


if __name__ == "__main__":
    main()
