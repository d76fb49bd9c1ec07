"""URLs of background document jobs."""

urlpatterns: list = []
