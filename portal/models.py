from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .phones import normalize_phone, validate_mobile


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email) if email else None
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """An account: a resident, volunteer or staff member.

    Residents may sign up with only a mobile number, so e-mail is optional; the
    e-mail address (when there is one) is what staff log in with.
    """

    username = None
    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    phone = models.CharField(
        _("mobile phone"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_mobile],
    )
    phone_verified = models.BooleanField(_("mobile verified"), default=False)
    display_name = models.CharField(_("display name"), max_length=60, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False),
                name="user_has_email_or_phone",
            ),
        ]

    def clean(self):
        super().clean()
        self.email = self.email or None
        self.phone = normalize_phone(self.phone) or None

    def get_full_name(self):
        return self.display_name or f"{self.last_name}{self.first_name}".strip()

    def get_short_name(self):
        return self.get_full_name()

    def __str__(self):
        return self.get_full_name() or self.email or f"#{self.pk}"


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Values every page shows: the bureau's name and the phones residents need."""

    bureau_name = models.CharField(
        _("bureau name"), max_length=100, default="示范市公安局示范分局"
    )
    supervision_phone = models.CharField(
        _("supervision phone"),
        max_length=30,
        default="0571-12345678",
        help_text=_("监督电话: shown on every grid page and contact card."),
    )
    emergency_notice = models.CharField(
        _("emergency notice"),
        max_length=200,
        default="紧急情况请拨打110。本网站不受理紧急报警。",
    )
    privacy_notice = RichTextField(_("privacy notice"), blank=True)

    panels = [
        FieldPanel("bureau_name"),
        FieldPanel("supervision_phone"),
        FieldPanel("emergency_notice"),
        FieldPanel("privacy_notice"),
    ]

    class Meta:
        verbose_name = _("portal settings")


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["alerts"] = (
            AlertPage.objects.live().public().order_by("-first_published_at")[:5]
        )
        return context


class StandardPage(Page):
    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class AlertIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["portal.AlertPage"]
    max_count = 1

    class Meta:
        verbose_name = _("alerts and prevention tips")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["alerts"] = (
            AlertPage.objects.child_of(self)
            .live()
            .public()
            .order_by("-first_published_at")
        )
        return context


class AlertPage(Page):
    """A police alert or prevention tip (警情通报、防范提示)."""

    class Kind(models.TextChoices):
        ALERT = "alert", _("Alert")
        TIP = "tip", _("Prevention tip")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.TIP)
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    body = RichTextField(_("body"))

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["portal.AlertIndexPage"]

    class Meta:
        verbose_name = _("alert")
