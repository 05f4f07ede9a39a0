"""The certification app's models: assessments (quiz pages, attempts, accommodations),
certification programmes and what trainees do towards them (practicum hours, ethics
attestations), and credentials with their lifecycle, status lists and signing keys."""

from .assessments import (
    INTRO_FEATURES,
    Accommodation,
    Attempt,
    MultipleResponseScoring,
    QuizPage,
    ReviewPolicy,
)
from .credentials import (
    Credential,
    CredentialReminder,
    CredentialTransition,
    SigningKey,
    StatusList,
    VerificationLog,
)
from .programmes import (
    EthicsAttestation,
    EthicsCode,
    PracticumEntry,
    Programme,
    ProgrammeAssessment,
    ProgrammeCourse,
    ProgrammeDomainHours,
)

__all__ = [
    "INTRO_FEATURES",
    "Accommodation",
    "Attempt",
    "Credential",
    "CredentialReminder",
    "CredentialTransition",
    "EthicsAttestation",
    "EthicsCode",
    "MultipleResponseScoring",
    "PracticumEntry",
    "Programme",
    "ProgrammeAssessment",
    "ProgrammeCourse",
    "ProgrammeDomainHours",
    "QuizPage",
    "ReviewPolicy",
    "SigningKey",
    "StatusList",
    "VerificationLog",
]
