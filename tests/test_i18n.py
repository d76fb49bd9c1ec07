"""The English catalogue is complete and compiled, and the portal switches only by choice.

The source language is Simplified Chinese (the msgids are Chinese); English is the
translation in ``locale/en/LC_MESSAGES``. The .po is parsed here with the standard
library only, and the compiled .mo is read with :mod:`gettext`, so the checks need no
third-party PO library.
"""

import ast
import datetime
import gettext as stdlib_gettext
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from nominations.codes import Ethnicity, PoliticalStatus
from nominations.models import Campaign

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"
SHANGHAI = ZoneInfo("Asia/Shanghai")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- A minimal PO reader ------------------------------------------------------------


@dataclass
class PoEntry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is not None:
            return [self.msgstr_plural[n] for n in sorted(self.msgstr_plural)]
        return [self.msgstr]


def parse_po(path: Path) -> tuple[PoEntry, list[PoEntry]]:
    """Return the header entry and the active entries of a .po file (obsolete ones skipped)."""
    entries: list[PoEntry] = []
    current = PoEntry()
    target: tuple[str, int | None] | None = None  # the field continuation lines extend

    def finish() -> None:
        nonlocal current, target
        if current.line:
            entries.append(current)
        current, target = PoEntry(), None

    def append(value: str) -> None:
        name, index = target
        if index is None:
            setattr(current, name, (getattr(current, name) or "") + value)
        else:
            current.msgstr_plural[index] += value

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
            continue
        if line.startswith("#,"):
            if target is not None and target[0].startswith("msgstr"):
                finish()
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            if target is not None and target[0].startswith("msgstr"):
                finish()
            continue
        if line.startswith('"'):
            append(ast.literal_eval(line))
            continue
        keyword, _space, rest = line.partition(" ")
        value = ast.literal_eval(rest)
        if keyword in ("msgctxt", "msgid") and target is not None and target[0] == "msgstr":
            finish()
        if not current.line:
            current.line = number
        if keyword.startswith("msgstr["):
            index = int(keyword[len("msgstr[") : -1])
            current.msgstr_plural[index] = value
            target = ("msgstr", index)
        else:
            setattr(current, keyword, value)
            target = (keyword, None)
    finish()
    header = next(e for e in entries if e.msgid == "" and e.msgctxt is None)
    return header, [e for e in entries if e is not header]


def catalogue_key(entry: PoEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid


@pytest.fixture(scope="module")
def po_entries() -> list[PoEntry]:
    return parse_po(PO_PATH)[1]


# --- (a) The catalogue ---------------------------------------------------------------


def test_po_header_is_final_and_declares_english_plurals():
    header, _entries = parse_po(PO_PATH)
    assert "fuzzy" not in header.flags
    assert "Language: en\n" in header.msgstr
    assert "charset=UTF-8" in header.msgstr
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr


def test_po_has_no_untranslated_or_fuzzy_entries(po_entries):
    assert len(po_entries) > 500
    fuzzy = [f"line {e.line}: {e.msgid}" for e in po_entries if "fuzzy" in e.flags]
    untranslated = [
        f"line {e.line}: {e.msgid}"
        for e in po_entries
        if not e.translations or not all(t.strip() for t in e.translations)
    ]
    assert not fuzzy, "fuzzy entries:\n" + "\n".join(fuzzy)
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)


def test_po_translations_keep_placeholders_and_are_english(po_entries):
    problems = []
    for entry in po_entries:
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in entry.translations:
            if sorted(PLACEHOLDER.findall(text)) != expected:
                problems.append(f"line {entry.line}: placeholders differ: {text!r}")
            if CJK.search(text):
                problems.append(f"line {entry.line}: Chinese left in {text!r}")
        if entry.msgid_plural is not None and len(entry.msgstr_plural) != 2:
            problems.append(f"line {entry.line}: English needs two plural forms")
    assert not problems, "\n".join(problems)


def test_compiled_catalogue_translates_every_entry_of_the_po(po_entries):
    with MO_PATH.open("rb") as mo:
        compiled = stdlib_gettext.GNUTranslations(mo)
    catalog = compiled._catalog
    stale = []
    for entry in po_entries:
        key = catalogue_key(entry)
        if entry.msgid_plural is not None:
            got = [catalog.get((key, n)) for n in sorted(entry.msgstr_plural)]
        else:
            got = [catalog.get(key)]
        # The .mo must hold exactly the .po's translations: a stale .mo fails here.
        if got != entry.translations or not all(got):
            stale.append(f"line {entry.line}: {entry.msgid!r} -> {got!r}")
    assert not stale, "recompile the .mo (msgfmt --check); differing entries:\n" + "\n".join(stale)


def test_representative_strings_translate_under_english():
    with translation.override("en"):
        assert translation.gettext("登录") == "Sign in"
        assert translation.gettext("黑龙江省总工会") == "Heilongjiang Federation of Trade Unions"
        assert translation.gettext("龙江工匠选树") == "Longjiang Craftsman Selection"
        assert translation.gettext("推荐申报审批表") == "Nomination and Approval Form"
        assert translation.gettext("市（地）总工会") == (
            "City (prefecture) federation of trade unions"
        )
        assert translation.gettext("省产业工会") == "Provincial industrial union"
        assert translation.gettext("不能超过%(limit)d个字（当前%(count)d个字）。") % {
            "limit": 300,
            "count": 301,
        } == ("No more than 300 characters (currently 301).")
        problems = "还有%(n)s处需要补充或修改后才能提交："
        assert translation.ngettext(problems, problems, 1) % {"n": 1} == (
            "1 item must be completed or corrected before you can submit:"
        )
        assert translation.ngettext(problems, problems, 3) % {"n": 3} == (
            "3 items must be completed or corrected before you can submit:"
        )
        # Lazy choice labels follow the active language.
        assert str(Ethnicity.DAUR.label) == "Daur"
        assert str(Ethnicity.OROQEN.label) == "Oroqen"
        assert str(PoliticalStatus.CPC_MEMBER.label) == "CPC member"
    with translation.override("zh-hans"):
        assert translation.gettext("登录") == "登录"
        assert str(Ethnicity.DAUR.label) == "达斡尔族"


@pytest.mark.usefixtures("gnu_gettext")
def test_catalogue_covers_every_string_in_the_source(tmp_path, monkeypatch, settings):
    """Extract the strings afresh from a copy of the source: none may be missing."""
    base = Path(settings.BASE_DIR)
    for name in ("longjiang", "nominations", "review", "publicity", "templates"):
        shutil.copytree(base / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(base / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command("makemessages", locale=["en"], verbosity=0)

    fresh = parse_po(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po")[1]
    assert len(fresh) > 500
    missing = [
        f"{e.msgid!r}"
        for e in fresh
        if "fuzzy" in e.flags or not all(t.strip() for t in e.translations)
    ]
    assert not missing, (
        "new or changed strings lack an English translation; run makemessages, "
        "translate and recompile:\n" + "\n".join(missing)
    )


# --- (b), (c) The language of the public home page --------------------------------------


@pytest.fixture
def campaign(db) -> Campaign:
    return Campaign.objects.create(
        year=2021,
        is_running=True,
        title="2021年“龙江工匠”选树",
        electronic_deadline=datetime.datetime(2021, 7, 1, 0, 0, tzinfo=SHANGHAI),
        paper_deadline=datetime.datetime(2021, 7, 6, 0, 0, tzinfo=SHANGHAI),
    )


def test_home_stays_chinese_for_an_english_browser(client, campaign):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="zh-hans">' in content
    assert ">登录</a>" in content
    assert "黑龙江省总工会" in content
    assert "2021年7月1日 00:00" in content
    assert "Sign in" not in content
    assert response["Content-Language"] == "zh-hans"
    assert "Cookie" in response["Vary"]


def test_home_speaks_english_when_chosen_in_the_footer(client, campaign):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/")

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert ">Sign in</a>" in content
    assert ">登录</a>" not in content
    assert "Heilongjiang Federation of Trade Unions" in content
    assert "Key dates" in content
    assert "1 July 2021 00:00" in content
    assert "6 July 2021 00:00" in content
    assert content.count(">Closed</span>") == 2
    # The campaign's own title is data, not interface text, and stays as entered.
    assert "2021年“龙江工匠”选树" in content
    assert response["Content-Language"] == "en"


def test_unknown_language_cookie_falls_back_to_chinese(client, campaign):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get("/")

    assert ">登录</a>" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"
