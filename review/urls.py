"""URLs of the expert review."""

from django.urls import path

from review.views import (
    assignments,
    conflicts,
    council,
    expert,
    experts,
    panels,
    ranking,
    rubric,
    scoring,
)

app_name = "review"

urlpatterns = [
    # The expert's side.
    path("", expert.home, name="home"),
    path("pledge/", expert.pledge_sign, name="pledge"),
    path("candidates/<int:pk>/", expert.candidate, name="candidate"),
    path("candidates/<int:pk>/score/", scoring.score, name="score"),
    path("candidates/<int:pk>/declare/", expert.declare, name="declare"),
    path(
        "candidates/<int:pk>/files/<int:attachment_id>/",
        expert.candidate_file,
        name="candidate_file",
    ),
    # Staff: experts.
    path("experts/", experts.expert_list, name="experts"),
    path("experts/import/", experts.expert_import, name="expert_import"),
    path("experts/template/", experts.expert_template, name="expert_template"),
    path(
        "experts/<int:expert_id>/activation/", experts.expert_activation, name="expert_activation"
    ),
    path("experts/<int:expert_id>/password/", experts.expert_password, name="expert_password"),
    path("experts/<int:expert_id>/email/", experts.expert_email, name="expert_email"),
    # Staff: panels and placement.
    path("panels/", panels.panel_list, name="panels"),
    path("panels/<int:panel_id>/members/", panels.panel_members, name="panel_members"),
    path("placements/", panels.placements, name="placements"),
    path("placements/<int:pk>/move/", panels.placement_move, name="placement_move"),
    # Staff: conflicts of interest.
    path("conflicts/", conflicts.conflict_list, name="conflicts"),
    path("conflicts/<int:conflict_id>/decide/", conflicts.conflict_decide, name="conflict_decide"),
    path("settings/", conflicts.review_settings, name="settings"),
    # Staff: the review window and reopening submitted sheets.
    path("window/", scoring.window, name="window"),
    path("window/close/", scoring.window_close, name="window_close"),
    path("sheets/<int:sheet_id>/reopen/", scoring.sheet_reopen, name="sheet_reopen"),
    # Staff: the rubric, assignment of experts and reminders.
    path("rubric/", rubric.rubric, name="rubric"),
    path("rubric/<int:dimension_id>/", rubric.dimension, name="dimension"),
    path("rubric/<int:dimension_id>/remove/", rubric.dimension_remove, name="dimension_remove"),
    path("rules/", assignments.rules, name="rules"),
    path("assignments/", assignments.assignments, name="assignments"),
    path("remind/", assignments.remind, name="remind"),
    # Staff: aggregation, ranking and the proposed list.
    path("ranking/", ranking.ranking, name="ranking"),
    path("ranking/<int:pk>/move/", ranking.list_move, name="list_move"),
    path("ranking/moves/<int:move_id>/undo/", ranking.list_move_undo, name="list_move_undo"),
    # The council's decision and the locked list versions.
    path("council/", council.council, name="council"),
    path("council/versions/<int:number>/", council.version, name="version"),
    path("council/minutes/<int:decision_id>/", council.minutes, name="minutes"),
]
