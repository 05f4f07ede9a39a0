"""/api/v1/ endpoints of certification."""

urlpatterns = []
