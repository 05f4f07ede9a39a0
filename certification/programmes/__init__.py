"""Trainee-facing programme pages: the checklist, practicum hours and their approval by
supervisors, signing the code of ethics; and the panels certification adds to the learner
dashboard, the organisation roster and course pages."""
