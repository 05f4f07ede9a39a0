"""Courses and modules, enrolment, progress, completion, the learner dashboard."""
