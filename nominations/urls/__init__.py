from django.urls import include, path

from nominations.views import campaigns, contacts, files, intake, staff

app_name = "nominations"

urlpatterns = [
    path("", intake.nomination_list, name="list"),
    path("", include("nominations.urls.check")),
    path("", include("nominations.urls.paper")),
    path("", include("nominations.urls.dashboard")),
    path("", include("nominations.urls.laureates")),
    path("new/", intake.nomination_create, name="create"),
    path("contact/", contacts.unit_contact_edit, name="contact"),
    path("extensions/", staff.deadline_extensions, name="extensions"),
    path("staff/campaigns/", campaigns.campaign_list, name="campaigns"),
    path("staff/campaigns/view/", campaigns.campaign_view, name="campaign_view"),
    path("staff/campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("staff/campaigns/<int:pk>/run/", campaigns.campaign_run, name="campaign_run"),
    path("staff/campaigns/<int:pk>/next/", campaigns.campaign_next, name="campaign_next"),
    path("<int:pk>/", intake.nomination_detail, name="detail"),
    path("<int:pk>/edit/", intake.nomination_edit, name="edit"),
    path("<int:pk>/submit/", intake.nomination_submit, name="submit"),
    path("<int:pk>/withdraw/", intake.nomination_withdraw, name="withdraw"),
    path("<int:pk>/cancel/", intake.nomination_cancel, name="cancel"),
    path("<int:pk>/move/", intake.nomination_move, name="move"),
    path("<int:pk>/history/", staff.nomination_history, name="history"),
    path("<int:pk>/reveal-id/", files.reveal_id_number, name="reveal_id"),
    path("<int:pk>/attachments/", files.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        files.attachment_download,
        name="attachment_download",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/delete/",
        files.attachment_delete,
        name="attachment_delete",
    ),
]
