import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SCRIPT = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsreader.settings")
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
from django.test import Client
from articles.models import Article
client = Client()
urls = ["/", "/topics/strikes/", "/countries/ua/", "/feeds/latest/", "/sitemap.xml", "/health/"]
urls += [article.get_absolute_url() for article in Article.objects.all()[:5]]
for url in urls:
    assert client.get(url).status_code == 200, url
print(sorted(name for name in ("spacy", "thinc", "torch") if name in sys.modules))
"""


def test_reader_requests_never_load_spacy(tmp_path):
    """A web process serving readers never imports spaCy: only imports and analysis do."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=REPO,
        env={"PATH": "/usr/bin:/bin", "DATA_DIR": str(tmp_path), "DATABASE_URL": ""},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
