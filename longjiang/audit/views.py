"""The staff's search across the audit trail."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from longjiang.accounts.roles import is_provincial
from longjiang.audit.display import describe
from longjiang.audit.forms import EventSearchForm
from longjiang.audit.models import AuditEvent
from longjiang.audit.selectors import EventFilter, search_events
from longjiang.views import require

PER_PAGE = 50


@login_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    require(is_provincial(request.user))
    params = request.GET.copy()
    params.pop("page", None)
    form = EventSearchForm(params or None)
    if not form.is_bound:
        events = search_events(request.user, EventFilter())
    elif form.is_valid():
        events = search_events(request.user, form.criteria())
    else:
        events = AuditEvent.objects.none()
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page": page,
            "rows": describe(page.object_list, with_subject=True),
            "query": params.urlencode(),
        },
    )
