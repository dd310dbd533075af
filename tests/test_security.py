import subprocess
import sys
from pathlib import Path

from django.contrib.auth.models import User
from django.test import TestCase, override_settings
from django.urls import reverse

from .factories import ArticleFactory
from .processes import child_environment

REPO = Path(__file__).resolve().parents[1]
PRODUCTION = {
    "SECRET_KEY": "a-production-like-secret-key-with-more-than-fifty-characters-0123",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "news.example.org",
}


def observatory_score(headers: dict[str, str], *, https: bool) -> int:
    """Score response headers the way Mozilla's HTTP Observatory does (its published deductions)."""
    score = 100
    csp = headers.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    script_sources = directives.get("script-src", directives.get("default-src", []))
    if not csp:
        score -= 25
    elif "'unsafe-inline'" in script_sources or "'unsafe-eval'" in script_sources:
        score -= 20
    elif directives.get("default-src") == ["'none'"]:
        score += 10
    elif "'unsafe-inline'" not in directives.get("style-src", []):
        score += 5
    if https:
        hsts = headers.get("Strict-Transport-Security", "")
        if "max-age=" not in hsts or int(hsts.split("max-age=")[1].split(";")[0]) < 15768000:
            score -= 20
    if headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        score -= 5
    if "frame-ancestors" in directives:
        score += 5
    elif headers.get("X-Frame-Options", "").upper() not in {"DENY", "SAMEORIGIN"}:
        score -= 20
    if headers.get("Referrer-Policy", "") in {
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    }:
        score += 5
    return score


class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = ArticleFactory()

    def test_every_page_sends_security_headers(self):
        """Pages carry an enforced CSP without inline scripts, nosniff, referrer and frame rules."""
        for url in (
            reverse("articles:list"),
            self.article.get_absolute_url(),
            reverse("articles:feed-latest"),
            "/does-not-exist/",
            reverse("admin:login"),
        ):
            response = self.client.get(url)
            csp = response["Content-Security-Policy"]
            script_src = csp.split("script-src")[1].split(";")[0]
            self.assertNotIn("unsafe-inline", script_src, url)
            self.assertIn("frame-ancestors 'none'", csp, url)
            self.assertEqual(response["X-Content-Type-Options"], "nosniff", url)
            self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin", url)
            self.assertEqual(response["X-Frame-Options"], "DENY", url)

    @override_settings(
        SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
    )
    def test_observatory_score(self):
        """Served over HTTPS with the production settings, the home page scores at least 100."""
        response = self.client.get(reverse("articles:list"), secure=True)
        headers = {name: value for name, value in response.headers.items()}
        self.assertGreaterEqual(observatory_score(headers, https=True), 100)


class DeploymentTests(TestCase):
    def run_manage(self, *args, **env):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=child_environment(DATABASE_URL="", **env),
            capture_output=True,
            text=True,
        )

    def test_check_deploy_is_clean(self):
        """`manage.py check --deploy` reports nothing with production settings."""
        result = self.run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_weak_secret_refused_in_production(self):
        """Production refuses to start with a short or development secret key."""
        result = self.run_manage("check", **{**PRODUCTION, "SECRET_KEY": "short"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    @override_settings(DEBUG=False, ALLOWED_HOSTS=["news.example.org"])
    def test_bad_host_is_400(self):
        """A request for an unknown Host gets 400."""
        response = self.client.get("/", headers={"host": "evil.example.com"})
        self.assertEqual(response.status_code, 400)

    @override_settings(DEBUG=False)
    def test_404_leaks_nothing(self):
        """With DEBUG off, a missing page shows the site's 404 page and no internals."""
        response = self.client.get("/articles/nothing-here/")
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Traceback", status_code=404)
        self.assertNotContains(response, "urlpatterns", status_code=404)


class LoginThrottlingTests(TestCase):
    def setUp(self):
        self.user = User.objects.create_user(
            "editrice", password="the-right-password", is_staff=True
        )
        User.objects.create_user("collegue", password="another-password", is_staff=True)

    def login(self, username, password, address="203.0.113.5"):
        return self.client.post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    def test_repeated_failures_lock_that_login_only(self):
        """Five failures lock that username from that address; colleagues still log in."""
        for _ in range(5):
            self.login("editrice", "wrong")
        response = self.login("editrice", "the-right-password")
        self.assertEqual(response.status_code, 429)
        response = self.login("collegue", "another-password")
        self.assertEqual(response.status_code, 302)

    def test_csrf_enforced_on_admin_login(self):
        """The admin login form refuses a post without its CSRF token."""
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
        self.assertEqual(response.status_code, 403)
