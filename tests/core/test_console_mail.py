"""The embedded default's console e-mail lists attachments instead of printing them."""

import io

from django.core.mail import EmailMessage

from lms.core.mail import ConsoleBackend


def test_attachments_are_listed_not_printed():
    stream = io.StringIO()
    message = EmailMessage(subject="Your credential", body="Hello", to=["a@example.org"])
    message.attach("certificate.pdf", b"%PDF-1.7 " + b"x" * 5000, "application/pdf")
    ConsoleBackend(stream=stream).send_messages([message])
    output = stream.getvalue()
    assert "Subject: Your credential" in output and "Hello" in output
    assert "[attachment: certificate.pdf, application/pdf, 5009 bytes]" in output
    assert "%PDF" not in output and len(output) < 2000
    assert message.attachments  # the message itself is left as it was
