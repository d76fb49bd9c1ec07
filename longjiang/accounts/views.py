"""Sign-in, sign-out and password pages."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from longjiang.accounts.forms import LoginForm, PasswordChangeForm, SetPasswordForm
from longjiang.accounts.notifications import link_valid_hours


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _locked_out(request) -> HttpResponse:
    """Sign the user out and show the lockout page, as a locked login does."""
    logout(request)
    return render(request, "accounts/locked_out.html", status=429)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password; a wrong current password counts as a failed login.

    Otherwise anyone at an unattended signed-in browser could guess the current
    password without limit. After the login's limit of failures the account is
    locked for this address exactly as a login would be, and the session ends.
    """

    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def _credentials(self) -> dict:
        return {"username": self.request.user.get_username()}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and AxesProxyHandler.is_locked(
            request, self._credentials()
        ):
            return _locked_out(request)
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.has_error("old_password", "password_incorrect"):
            user_login_failed.send(
                sender=type(self), credentials=self._credentials(), request=self.request
            )
            if AxesProxyHandler.is_locked(self.request, self._credentials()):
                return _locked_out(self.request)
        return super().form_invalid(form)


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Set a password through the one-time link mailed to the account's holder.

    The link stops working once a password is set (the token is bound to the
    password hash) and after ``PASSWORD_RESET_TIMEOUT``. It signs nobody in: the
    holder signs in with the new password.
    """

    template_name = "accounts/password_set.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_set_done")
    post_reset_login = False

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "hours": link_valid_hours()}


class SetPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_set_done.html"
