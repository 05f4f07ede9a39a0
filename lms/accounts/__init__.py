"""Accounts: the custom User (e-mail login), sign-up and login via django-allauth, the account page,
data export and erasure."""
