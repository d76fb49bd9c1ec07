"""Paper copies and unit reports; included in the "nominations" namespace."""

from django.urls import path

from nominations.views import paper

urlpatterns = [
    path("paper/", paper.paper_overview, name="paper"),
    path("paper/mine/", paper.paper_mine, name="paper_mine"),
    path("<int:pk>/paper/", paper.paper_receipt, name="paper_receipt"),
    path("reports/", paper.report_list, name="reports"),
    path("reports/mine/", paper.report_upload, name="report_upload"),
    path("reports/<int:report_id>/download/", paper.report_download, name="report_download"),
]
