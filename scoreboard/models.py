"""Scoring schemes (赋分方案), their immutable versions, and rankings.

A bureau admin edits a ``ScoringScheme`` (weights, caps and targets per KPI, the
normalisation rule, the period kind). Every saved change that alters the rules
makes a new ``SchemeVersion``: a frozen copy of the rules. Rankings point at the
version they were computed with, so a later change never rewrites the past.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from .kpis import KPIS, LEVELS
from .periods import KINDS


class Normalisation(models.TextChoices):
    RANGE = "range", _("Across subjects (best = 100, worst = 0)")
    TARGET = "target", _("Against a target (target reached = 100)")


def kpi_choices():
    return [(code, kpi.label) for code, kpi in KPIS.items()]


class ScoringScheme(ClusterableModel):
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    period_kind = models.CharField(
        _("period"), max_length=10, choices=list(KINDS.items()), default="month"
    )
    normalisation = models.CharField(
        _("normalisation"),
        max_length=10,
        choices=Normalisation,
        default=Normalisation.RANGE,
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Active schemes are used for the published rankings."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("scoring scheme")
        verbose_name_plural = _("scoring schemes")

    def __str__(self):
        return self.name

    def rules(self, weights=None):
        """The scheme's rules as plain data, as a version freezes them."""
        weights = self.weights.all() if weights is None else weights
        return {
            "period_kind": self.period_kind,
            "normalisation": self.normalisation,
            "weights": [
                {
                    "kpi": w.kpi,
                    "weight": float(w.weight),
                    "cap": w.cap,
                    "target": w.target,
                }
                for w in sorted(weights, key=lambda w: (w.sort_order or 0, w.kpi))
            ],
        }

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


class SchemeWeight(Orderable):
    """One KPI in a scheme: its weight, and an optional cap and target."""

    scheme = ParentalKey(
        ScoringScheme, on_delete=models.CASCADE, related_name="weights"
    )
    kpi = models.CharField(_("indicator"), max_length=40, choices=kpi_choices)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0.1)],
        help_text=_("Relative weight; the weights of a scheme need not add to 100."),
    )
    cap = models.FloatField(
        _("cap"),
        null=True,
        blank=True,
        help_text=_(
            "Optional: a value better than this earns no more (e.g. 40 patrol "
            "hours, or 1 hour to accept)."
        ),
    )
    target = models.FloatField(
        _("target"),
        null=True,
        blank=True,
        help_text=_("Needed when the scheme scores against targets."),
    )

    panels = ["kpi", "weight", "cap", "target"]

    class Meta(Orderable.Meta):
        verbose_name = _("weight")
        verbose_name_plural = _("weights")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "kpi"], name="scheme_weight_one_per_kpi"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="scheme_weight_positive"
            ),
        ]

    def __str__(self):
        return f"{self.kpi} × {self.weight}"

    def clean(self):
        if self.target is not None and self.target <= 0:
            raise ValidationError({"target": _("A target must be more than 0.")})


class SchemeVersion(models.Model):
    """A frozen copy of a scheme's rules; never edited once written."""

    scheme = models.ForeignKey(
        ScoringScheme,
        models.PROTECT,
        related_name="versions",
        verbose_name=_("scheme"),
    )
    number = models.PositiveIntegerField(_("version"))
    rules = models.JSONField(_("rules"), editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["scheme", "-number"]
        verbose_name = _("scheme version")
        verbose_name_plural = _("scheme versions")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "number"], name="scheme_version_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.scheme.name} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Scheme versions cannot be changed."))
        super().save(*args, **kwargs)

    @property
    def period_kind(self):
        return self.rules["period_kind"]


class Ranking(models.Model):
    """The scores and ranks of one level's subjects for one period."""

    version = models.ForeignKey(
        SchemeVersion,
        models.PROTECT,
        related_name="rankings",
        verbose_name=_("scheme version"),
    )
    level = models.CharField(_("level"), max_length=20, choices=list(LEVELS.items()))
    period_kind = models.CharField(
        _("period"), max_length=10, choices=list(KINDS.items())
    )
    period_key = models.CharField(_("period"), max_length=10)
    period_start = models.DateTimeField(_("from"))
    period_end = models.DateTimeField(_("until"))
    computed_at = models.DateTimeField(_("computed"), default=timezone.now)
    published = models.BooleanField(_("published to staff"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "level", "-computed_at"]
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        permissions = [("export_ranking", _("Can export KPIs and rankings"))]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "level", "period_kind", "period_key"],
                name="ranking_one_per_version_level_period",
            )
        ]

    def __str__(self):
        return f"{self.version} · {self.get_level_display()} · {self.period_key}"


class RankingEntry(models.Model):
    ranking = models.ForeignKey(
        Ranking, models.CASCADE, related_name="entries", verbose_name=_("ranking")
    )
    subject_id = models.IntegerField(_("subject"))
    subject_name = models.CharField(_("name"), max_length=100)
    score = models.FloatField(_("score"), null=True)
    rank = models.PositiveIntegerField(_("rank"), null=True)
    values = models.JSONField(_("KPI values"), default=dict)
    points = models.JSONField(_("points per KPI"), default=dict)

    class Meta:
        ordering = ["ranking", models.F("rank").asc(nulls_last=True), "subject_name"]
        verbose_name = _("ranking entry")
        verbose_name_plural = _("ranking entries")
        constraints = [
            models.UniqueConstraint(
                fields=["ranking", "subject_id"], name="ranking_entry_one_per_subject"
            )
        ]

    def __str__(self):
        return f"{self.rank or '-'} {self.subject_name}"
