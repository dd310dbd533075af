"""Answer quickly and plainly while the database is out of reach."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into a 503 page with a Retry-After header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception)
        # Rendered without a request: the page must not need the database it lacks.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
