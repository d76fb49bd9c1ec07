"""Password rules with messages the portal translates itself."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length, saying the error in the portal's words.

    Django 5.2 changed the msgid of this error ("at least %d character") and its
    Simplified Chinese catalogue still translates only the old one, so the error
    showed in English on a Chinese page while the help text was Chinese.
    """

    def get_error_message(self):
        return ngettext(
            "密码太短，至少需要%(min_length)d个字符。",
            "密码太短，至少需要%(min_length)d个字符。",
            self.min_length,
        ) % {"min_length": self.min_length}
