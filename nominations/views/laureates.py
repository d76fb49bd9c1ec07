"""Staff's register of named 龙江工匠: the list, the import of earlier years and its template."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from longjiang.accounts import roles
from longjiang.exceptions import DomainError
from longjiang.views import require
from nominations.exports.register import register_workbook
from nominations.forms.laureates import RegisterFilterForm, RegisterImportForm
from nominations.selectors.laureates import register_list, register_years
from nominations.services.laureates import import_register

REGISTER_PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The register, filtered by year and searched by name or unit."""
    require(roles.is_provincial(request.user))
    form = RegisterFilterForm(request.GET or None, years=register_years())
    rows = register_list(request.user, **form.filters())
    page = Paginator(rows, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "nominations/register.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def register_import(request: HttpRequest) -> HttpResponse:
    """Upload earlier years' craftsmen; the answer reports every row."""
    require(roles.is_provincial(request.user))
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = import_register(form.cleaned_data["file"], actor=request.user)
        except DomainError as exc:
            form.add_error("file", exc.message)
    return render(request, "nominations/register_import.html", {"form": form, "report": report})


@login_required
@require_GET
def register_template(request: HttpRequest) -> HttpResponse:
    """Download the blank register workbook."""
    require(roles.is_provincial(request.user))
    response = HttpResponse(register_workbook(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, _("往届龙江工匠名录模板.xlsx")
    )
    return response
