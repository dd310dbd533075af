"""What editors see: stories, their tags, the vocabulary, and imports."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .caching import invalidate_pages
from .importing import parse_file
from .importing.types import BlockKind, ParseFailure
from .models import (
    Actor,
    ActorAlias,
    Article,
    ArticleActor,
    ArticleCountry,
    ArticleStatus,
    ArticleTopic,
    CandidateActor,
    CandidateStatus,
    Country,
    Decision,
    ImportFile,
    ImportRun,
    Quote,
    Section,
    Topic,
    TopicTerm,
)
from .tasks import import_run_task, reanalyse_task

PREVIEW_PAGE_SIZE = 25

admin.site.site_header = _("newsreader · editors")
admin.site.site_title = _("newsreader editors")
admin.site.index_title = _("Stories, tags and imports")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("stories"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_en"]
    search_fields = ["code", "name_fr", "name_en"]
    ordering = ["code"]


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


class MergeActorsForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Merge into"), queryset=Actor.objects.active(), to_field_name="slug"
    )


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "is_confirmed", "merged_into"]
    list_filter = ["kind", "is_confirmed", ("country", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["country", "merged_into"]
    search_fields = ["name", "aliases__name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["country", "merged_into"]
    readonly_fields = ["merged_into"]
    inlines = [ActorAliasInline]
    actions = ["merge"]

    def get_search_results(self, request, queryset, search_term):
        queryset, _ = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    @admin.action(description=_("Merge the selected actors into another"), permissions=["change"])
    def merge(self, request, queryset):
        """Ask which actor to keep, then fold the selected ones into it."""
        form = MergeActorsForm(request.POST if "target" in request.POST else None)
        if form.is_valid():
            target = form.cleaned_data["target"]
            merged = [actor for actor in queryset if actor.pk != target.pk]
            for actor in merged:
                services.merge_actors(actor, target)
            self.message_user(
                request,
                _("%(count)d actors merged into %(target)s.")
                % {"count": len(merged), "target": target},
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Merge actors"),
            "actors": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/articles/actor/merge.html", context)


@admin.register(CandidateActor)
class CandidateActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "seen_count", "actor", "first_seen_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "key"]
    autocomplete_fields = ["actor"]
    readonly_fields = ["key", "seen_count", "first_seen_at", "status"]
    exclude = ["articles"]
    actions = ["accept", "reject"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Choosing an existing actor for a pending candidate merges it as an alias.
        if obj.actor_id and obj.status == CandidateStatus.PENDING:
            services.accept_candidate(obj, into=obj.actor)

    @admin.action(description=_("Accept as new actors"), permissions=["change"])
    def accept(self, request, queryset):
        pending = queryset.filter(status=CandidateStatus.PENDING)
        for candidate in pending:
            services.accept_candidate(candidate, into=candidate.actor)
        self.message_user(request, _("%d candidates accepted.") % len(pending))

    @admin.action(description=_("Reject: never suggest again"), permissions=["change"])
    def reject(self, request, queryset):
        pending = queryset.filter(status=CandidateStatus.PENDING)
        for candidate in pending:
            services.reject_candidate(candidate)
        self.message_user(request, _("%d candidates rejected.") % len(pending))


class TopicTermInline(admin.TabularInline):
    model = TopicTerm
    extra = 1


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["slug", "name_fr", "name_en", "threshold"]
    search_fields = ["slug", "name_fr", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [TopicTermInline]


class TagInline(admin.TabularInline):
    extra = 0
    fields = ["decision", "score", "evidence", "decided_by"]
    readonly_fields = ["score", "evidence", "decided_by"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decided_by")


class ArticleTopicInline(TagInline):
    model = ArticleTopic
    fields = ["topic", *TagInline.fields]
    autocomplete_fields = ["topic"]


class ArticleCountryInline(TagInline):
    model = ArticleCountry
    fields = ["country", *TagInline.fields]
    autocomplete_fields = ["country"]


class ArticleActorInline(TagInline):
    model = ArticleActor
    fields = ["actor", "decision", "mention_count", "score", "evidence", "decided_by"]
    readonly_fields = ["mention_count", "score", "evidence", "decided_by"]
    autocomplete_fields = ["actor"]


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0
    fields = ["speaker", "actor", "text", "decision"]
    autocomplete_fields = ["actor"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return super().clean(data, initial)


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        widget=MultipleFileInput(),
        help_text=_("Text, Markdown, HTML, JSON, CSV, RSS/Atom files or .zip archives of them."),
    )
    text = forms.CharField(
        label=_("Or paste a story"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 90}),
        help_text=_("Headline on the first line, then paragraphs separated by blank lines."),
    )
    section = forms.CharField(
        label=_("Section for stories that name none"), required=False, max_length=100
    )
    status = forms.ChoiceField(
        label=_("Save as"), choices=ArticleStatus.choices, initial=ArticleStatus.DRAFT
    )

    def clean(self):
        cleaned = super().clean()
        uploads = self.files.getlist("files")
        limit = settings.IMPORT_MAX_FILE_BYTES
        for upload in uploads:
            if upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is %(size)d bytes, over the limit of %(limit)d bytes."),
                    params={"name": upload.name, "size": upload.size, "limit": limit},
                )
        if not uploads and not cleaned.get("text", "").strip():
            raise forms.ValidationError(_("Choose at least one file or paste a story."))
        cleaned["uploads"] = [(upload.name, upload.read()) for upload in uploads]
        return cleaned


def preview_rows(run: ImportRun) -> list[dict]:
    """Return one row per story of the run's files, as they would be imported."""
    rows = []
    for import_file in run.files.filter(outcome=ImportFile.Outcome.PENDING):
        for item in parse_file(
            import_file.name, bytes(import_file.content), max_bytes=settings.IMPORT_MAX_FILE_BYTES
        ):
            if isinstance(item, ParseFailure):
                rows.append({"name": item.filename, "error": item.reason})
                continue
            headings = sum(1 for block in item.blocks if block.kind == BlockKind.HEADING)
            rows.append(
                {
                    "name": item.filename,
                    "title": item.title,
                    "section": item.section,
                    "source": item.source,
                    "language": item.language,
                    "published_at": item.published_at,
                    "headings": headings,
                    "paragraphs": len(item.blocks) - headings,
                    "fingerprint": item.fingerprint,
                    "story": item,
                }
            )
    fingerprints = [row["fingerprint"] for row in rows if "fingerprint" in row]
    existing = dict(
        Article.objects.filter(fingerprint__in=fingerprints).values_list("fingerprint", "pk")
    )
    seen = set()
    for row in rows:
        fingerprint = row.get("fingerprint")
        if fingerprint in existing:
            row["duplicate_of"] = reverse(
                "admin:articles_article_change", args=[existing[fingerprint]]
            )
        elif fingerprint in seen:
            row["duplicate_in_batch"] = True
        seen.add(fingerprint)
    return rows


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "status", "language", "published_at", "source"]
    list_filter = ["status", "language", "section", "topics", "published_at"]
    list_select_related = ["section"]
    search_fields = ["title", "lede", "source"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["fingerprint", "imported_at", "updated_at", "analysed_at", "import_file"]
    autocomplete_fields = ["section"]
    inlines = [ArticleTopicInline, ArticleCountryInline, ArticleActorInline, QuoteInline]
    actions = ["publish", "unpublish", "reanalyse", "confirm_suggestions"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "status", "published_at", "language"]}),
        (_("Text"), {"fields": ["lede", "body"]}),
        (_("Source"), {"fields": ["source", "source_url", "author"]}),
        (
            _("Casualty toll"),
            {
                "fields": [
                    ("killed", "wounded", "missing"),
                    "is_toll_approximate",
                    "toll_evidence",
                    "toll_attribution",
                    "is_toll_confirmed",
                ]
            },
        ),
        (
            _("Record"),
            {
                "classes": ["collapse"],
                "fields": [
                    "original_text",
                    "fingerprint",
                    "import_file",
                    "imported_at",
                    "updated_at",
                    "analysed_at",
                ],
            },
        ),
    ]

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for instance in instances:
            # An editor touching a tag makes it theirs, so re-analysis leaves it alone.
            if hasattr(instance, "decided_by_id"):
                if instance.decision == Decision.SUGGESTED and instance.pk is None:
                    instance.decision = Decision.CONFIRMED
                instance.decided_by = request.user
            instance.save()
        formset.save_m2m()

    @admin.action(description=_("Publish the selected stories"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(status=ArticleStatus.PUBLISHED)
        invalidate_pages()
        self.message_user(
            request, ngettext("%d story published.", "%d stories published.", count) % count
        )

    @admin.action(description=_("Return the selected stories to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(status=ArticleStatus.DRAFT)
        invalidate_pages()
        self.message_user(
            request, ngettext("%d story set to draft.", "%d stories set to draft.", count) % count
        )

    @admin.action(description=_("Analyse the selected stories again"), permissions=["change"])
    def reanalyse(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        result = reanalyse_task.enqueue(ids)
        if result.is_finished:
            self.message_user(request, _("%d stories analysed again.") % len(ids))
        else:
            self.message_user(request, _("%d stories queued for analysis.") % len(ids))

    @admin.action(description=_("Confirm the suggested tags"), permissions=["change"])
    def confirm_suggestions(self, request, queryset):
        count = services.confirm_suggestions(queryset, user=request.user)
        self.message_user(request, _("%d suggestions confirmed.") % count)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="articles_article_import",
            ),
            path(
                "import/<int:run_id>/",
                self.admin_site.admin_view(self.import_preview_view),
                name="articles_article_import_preview",
            ),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm("articles.import_articles")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Receive files or pasted text, keep them, and show what they would give."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            uploads = list(form.cleaned_data["uploads"])
            text = form.cleaned_data["text"].strip()
            if text:
                uploads.append(("pasted.txt", text.encode("utf-8")))
            run = services.record_files(uploads, user=request.user)
            request.session[f"import-{run.pk}"] = {
                "section": form.cleaned_data["section"],
                "status": form.cleaned_data["status"],
            }
            return HttpResponseRedirect(
                reverse("admin:articles_article_import_preview", args=[run.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import stories"),
            "max_bytes": settings.IMPORT_MAX_FILE_BYTES,
        }
        return TemplateResponse(request, "admin/articles/article/import.html", context)

    def report_run(self, request, run: ImportRun) -> None:
        """Tell the editor how an import went, naming each file that failed and why."""
        if run.finished_at is None:
            self.message_user(
                request, _("The import is queued; this page shows its progress."), messages.INFO
            )
            return
        self.message_user(
            request,
            _("%(created)d created, %(duplicates)d already present, %(failed)d failed.")
            % {
                "created": run.created_count,
                "duplicates": run.duplicate_count,
                "failed": run.failed_count,
            },
            messages.WARNING if run.failed_count else messages.SUCCESS,
        )
        for import_file in run.files.exclude(outcome=ImportFile.Outcome.CREATED):
            for entry in import_file.report or [{"name": import_file.name, "outcome": "failed"}]:
                if entry["outcome"] == ImportFile.Outcome.FAILED:
                    self.message_user(
                        request, f"{entry['name']}: {entry.get('message', '')}", messages.ERROR
                    )

    def import_preview_view(self, request, run_id):
        """Show what an import would create, and import it once the editor confirms."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=run_id)
        options = request.session.get(f"import-{run.pk}", {})
        if request.method == "POST" and "confirm" in request.POST and run.finished_at is None:
            import_run_task.enqueue(
                run.pk,
                options.get("status", ArticleStatus.DRAFT),
                options.get("section") or None,
            )
            run.refresh_from_db()
            self.report_run(request, run)
            return HttpResponseRedirect(reverse("admin:articles_importrun_change", args=[run.pk]))
        rows = preview_rows(run)
        page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
        # Tags are suggested only for the rows shown: the language model is slow on big batches.
        shown = [row for row in page if "story" in row and "duplicate_of" not in row]
        for row, tags in zip(
            shown, services.preview_tags([row["story"] for row in shown]), strict=True
        ):
            row["tags"] = tags
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Preview of the import"),
            "run": run,
            "page": page,
            "total": len(rows),
            "new_count": sum(
                1
                for row in rows
                if "title" in row and not row.keys() & {"duplicate_of", "duplicate_in_batch"}
            ),
            "duplicate_count": sum(
                1 for row in rows if row.keys() & {"duplicate_of", "duplicate_in_batch"}
            ),
            "error_count": sum(1 for row in rows if "error" in row),
            "is_pending": run.finished_at is None,
        }
        return TemplateResponse(request, "admin/articles/article/import_preview.html", context)


class ImportFileInline(admin.TabularInline):
    model = ImportFile
    extra = 0
    fields = ["name", "size", "outcome", "report_summary"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("report"))
    def report_summary(self, obj):
        lines = []
        for entry in obj.report:
            if entry.get("article_id"):
                url = reverse("admin:articles_article_change", args=[entry["article_id"]])
                lines.append(
                    format_html(
                        '{}: <a href="{}">{}</a> {}',
                        entry["outcome"],
                        url,
                        entry.get("title") or url,
                        entry.get("message", ""),
                    )
                )
            else:
                lines.append(
                    format_html("{}: {} {}", entry["outcome"], entry["name"], entry["message"])
                )
        return format_html("<br>".join(["{}"] * len(lines)), *lines) if lines else "-"


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "user",
        "origin",
        "file_count",
        "created_count",
        "duplicate_count",
        "failed_count",
        "finished_at",
    ]
    list_filter = ["origin", "started_at"]
    date_hierarchy = "started_at"
    readonly_fields = [
        "user",
        "origin",
        "started_at",
        "finished_at",
        "created_count",
        "duplicate_count",
        "failed_count",
    ]
    inlines = [ImportFileInline]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("user").annotate(file_count=Count("files"))
        )

    @admin.display(description=_("files"), ordering="file_count")
    def file_count(self, obj):
        return obj.file_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
