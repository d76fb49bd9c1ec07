"""Date and time formats of the portal's languages (``FORMAT_MODULE_PATH``).

People read 2021年7月1日 and 2021年7月1日 17:00 (1 July 2021 and 1 July 2021
17:00 in English) on every page, mail and PDF; templates say ``|date`` or
``|date:"DATETIME_FORMAT"``, Python says ``longjiang.dates``. Only exports meant
for machines write ISO 8601. What these modules leave out (input formats,
number separators) comes from Django's own module for the language.
"""
