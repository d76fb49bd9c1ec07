"""The publicity notice as a PDF: proof of publication.

The text, the dates and the cut-off, the list (序号、姓名、工作单位、职务/岗位/工种),
how to object, the contact block, the list version's hash and the snapshot time,
set in the platform's font chain with the review's list styles.
"""

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from longjiang.pdf import BuiltPdf, font_chain
from review.documents.pdfs import _render, _Story, _Styles

# Relative widths of the list's columns: 序号, 姓名, 工作单位, 职务/岗位/工种.
WIDTHS = (12, 22, 70, 40)


def _rows(persons) -> list[tuple]:
    return [
        (person.name, (str(index), person.name, person.employer_name, person.role))
        for index, person in enumerate(persons, start=1)
    ]


def build_notice_pdf(content) -> BuiltPdf:
    """``content`` is a ``publicity.publication.NoticeContent``."""
    styles = _Styles(font_chain())
    story = _Story(styles, owner=content.title)
    s = styles
    headers = [_("序号"), _("姓名"), _("工作单位"), _("职务/岗位/工种")]
    story.add(story.p(content.title, s.title), Spacer(1, 3 * mm))
    for paragraph in content.paragraphs:
        story.add(story.p(paragraph, s.body))
    story.add(
        Spacer(1, 2 * mm),
        story.p(
            _("公示时间：%(period)s（%(days)s个工作日）")
            % {"period": content.period, "days": content.working_days},
            s.cell,
        ),
        story.p(_("异议受理截止时间：%(cutoff)s") % {"cutoff": content.cutoff}, s.cell),
    )
    if content.supplementary:
        story.add(
            story.p(_("递补人选（%(count)s名）") % {"count": len(content.persons)}, s.heading)
        )
    else:
        story.add(
            story.p(_("公示名单（%(count)s名）") % {"count": len(content.persons)}, s.heading)
        )
    story.add(story.table_or_none(headers, _rows(content.persons), WIDTHS))
    for earlier in content.earlier:
        story.add(
            story.p(
                _("已结束的公示：%(title)s（%(period)s）")
                % {"title": earlier.title, "period": earlier.period},
                s.heading,
            ),
            story.table_or_none(headers, _rows(earlier.persons), WIDTHS),
        )
    story.add(story.p(_("名单版本"), s.heading))
    for line in content.changelog:
        story.add(
            story.p(
                _("第%(number)s版（%(date)s）：%(text)s")
                % {"number": line.number, "date": line.approved_on_text, "text": line.text},
                s.cell,
            )
        )
    story.add(
        Spacer(1, 2 * mm),
        story.p(
            _("本次公示名单为第%(number)s版，名单哈希（SHA-256）：")
            % {"number": content.version_number},
            s.cell,
        ),
        story.p(content.content_hash, s.small),
        story.p(_("快照生成时间：%(time)s") % {"time": content.rendered_at_text}, s.cell),
    )
    footer = content.title.replace("%", "%%") + "　" + _("第%(page)s页 共%(pages)s页")
    return _render(story, title=content.title, header="", footer=footer)
