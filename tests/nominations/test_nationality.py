"""Nationality is a choice: 中国 by default, another nationality only with a reason."""

import importlib
import re

from django.apps import apps as django_apps
from django.urls import reverse

from nominations.codes import Nationality, normalize_nationality
from nominations.diff import diff_snapshots
from nominations.models import Nomination
from nominations.rules import submission_problems
from nominations.services import snapshot

OTHER_WITHOUT_REASON = "非中国籍人选须注明国籍并说明推荐理由。"


def test_new_form_offers_china_preselected(clerk_client, campaign):
    html = clerk_client.get(reverse("nominations:create")).content.decode()

    select = re.search(r'<select name="nationality".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\w*)"', select) == ["", "CHN", "other"]
    assert '<option value="CHN" selected>中国</option>' in select


def test_china_needs_no_reason(make_nomination):
    nomination = make_nomination(nationality=Nationality.CHINA, nationality_note="")

    assert "nationality_note" not in submission_problems(nomination)


def test_another_nationality_needs_a_reason(make_nomination):
    nomination = make_nomination(nationality=Nationality.OTHER, nationality_note="")

    assert submission_problems(nomination)["nationality_note"] == [OTHER_WITHOUT_REASON]


def test_another_nationality_with_a_reason_may_be_submitted(make_nomination):
    nomination = make_nomination(
        nationality=Nationality.OTHER, nationality_note="俄罗斯籍，在哈工作二十年，技艺突出。"
    )

    assert submission_problems(nomination) == {}


def test_free_text_that_means_china_is_china():
    for text in ("中国", "中国籍", " 中华人民共和国 ", "CHN", "China"):
        assert normalize_nationality(text) == Nationality.CHINA, text
    assert normalize_nationality("俄罗斯") == Nationality.OTHER
    assert normalize_nationality("") == ""


def test_migration_maps_old_free_text_to_the_choice(make_nomination):
    rows = {
        "china": ("中国", ""),
        "chinese": ("中国籍", ""),
        "prc": ("中华人民共和国", ""),
        "blank": ("", ""),
        "russian": ("俄罗斯", "在哈工作二十年。"),
    }
    made = {}
    for key, (text, note) in rows.items():
        made[key] = make_nomination(complete=False, name=key)
        Nomination.objects.filter(pk=made[key].pk).update(nationality=text, nationality_note=note)
    migration = importlib.import_module("nominations.migrations.0005_nationality_choice")

    migration.to_choice(django_apps, None)

    stored = {
        key: Nomination.objects.values_list("nationality", "nationality_note").get(pk=n.pk)
        for key, n in made.items()
    }
    assert stored == {
        "china": ("CHN", ""),
        "chinese": ("CHN", ""),
        "prc": ("CHN", ""),
        "blank": ("", ""),
        "russian": ("other", "俄罗斯；在哈工作二十年。"),
    }


def test_diff_reads_a_revision_made_before_the_choice(make_nomination):
    nomination = make_nomination()
    after = snapshot(nomination)
    before = {**after, "nationality": "中国籍"}

    assert [c.key for c in diff_snapshots(before, after)] == []
