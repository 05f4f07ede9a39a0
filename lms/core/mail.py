"""The embedded default's e-mail backend: Django's console backend, with attachments listed by
name, type and size instead of printed (a certificate PDF would be thousands of base64 lines)."""

from __future__ import annotations

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


class ConsoleBackend(DjangoConsoleBackend):
    def write_message(self, message) -> None:
        attachments = message.attachments
        if not attachments:
            return super().write_message(message)
        message.attachments = []
        try:
            super().write_message(message)
        finally:
            message.attachments = attachments
        for attachment in attachments:
            name, content, mimetype = (
                (
                    attachment.get_filename(),
                    attachment.get_payload(decode=True),
                    attachment.get_content_type(),
                )
                if not isinstance(attachment, tuple)
                else attachment
            )
            self.stream.write(f"[attachment: {name}, {mimetype}, {len(content or b'')} bytes]\n")
        self.stream.write("-" * 79 + "\n")
