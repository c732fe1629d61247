from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from newsroom.health import healthz

admin.site.site_header = "Newsroom fact-tracking"
admin.site.site_title = "Newsroom admin"



def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the hashed file name exists only once collectstatic has run.
    return redirect(static("favicon.svg"))


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; answer with the desk's icon.
    path("favicon.ico", favicon, name="favicon"),
    path("", RedirectView.as_view(pattern_name="claims:queue", permanent=False)),
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/", include("claims.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("claims.urls")),
]

handler400 = "newsroom.middleware.bad_request"
handler500 = "newsroom.middleware.server_error"
