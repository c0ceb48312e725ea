"""Report categories (with their SLA) and officers' response templates."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """What a report is about; carries its SLA, a notice and extra questions."""

    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short code used in links and as the Open311 service code."),
    )
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=200, blank=True)
    notice = models.TextField(
        _("notice"),
        blank=True,
        help_text=_("Shown before the form, e.g. “Fraud in progress? Call 110 now.”"),
    )
    questions = models.TextField(
        _("extra questions"),
        blank=True,
        help_text=_("Optional questions asked with this category, one per line."),
    )
    hours_to_accept = models.PositiveIntegerField(_("hours to accept"), default=2)
    hours_to_reply = models.PositiveIntegerField(
        _("hours to a public reply"), default=72
    )
    hours_to_resolve = models.PositiveIntegerField(_("hours to resolve"), default=168)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_to_accept__gt=0)
                & Q(hours_to_reply__gt=0)
                & Q(hours_to_resolve__gt=0),
                name="category_sla_positive",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def question_list(self):
        return [q.strip() for q in self.questions.splitlines() if q.strip()][:5]


class ResponseTemplate(models.Model):
    """A ready-made public reply officers pick from; blank category = any."""

    category = models.ForeignKey(
        Category,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="response_templates",
        verbose_name=_("category"),
    )
    title = models.CharField(_("title"), max_length=60)
    text = models.TextField(_("text"), max_length=1000)

    class Meta:
        ordering = ["category", "title"]
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")

    def __str__(self):
        return self.title
