"""A mediator on a phone (390 × 844) takes a case from intake to closed: accept,
a session, the agreement (printed to PDF), the follow-up visit, closing."""

from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from mediation.models import AuditLogEntry, Case
from tests.browser import log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "mediation"


def test_mediator_takes_a_case_from_intake_to_closed(
    page, live_server, mediator, mediator_record, case_a
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page.context, live_server, mediator)
    today = timezone.localdate().isoformat()

    page.goto(f"{live_server.url}/mediation/")
    page.screenshot(path=ARTIFACTS / "01-case-list.png", full_page=True)
    page.get_by_text(case_a.reference).click()
    page.locator("a[href$='/accept/']").first.click()
    page.select_option("select[name=lead]", str(mediator_record.pk))
    page.locator("form.mediation-form button[type=submit]").click()
    assert Case.objects.get(pk=case_a.pk).status == Case.Status.ACCEPTED

    page.locator("[data-step=session_add]").click()
    page.fill("input[name=held_at]", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.fill("input[name=place]", "驻所人民调解室")
    page.fill("textarea[name=attendees]", "张丽华、王志强、调解员周调解")
    page.fill(
        "textarea[name=minutes]", "双方陈述事实，调解员释法说理，双方同意协商赔偿。"
    )
    page.locator("form.mediation-form button[type=submit]").click()
    page.screenshot(path=ARTIFACTS / "02-mediating.png", full_page=True)

    page.locator("[data-step=agreement_add]").click()
    page.fill(
        "textarea[name=facts]",
        "乙方装修期间违反管理规约夜间施工，对甲方造成困扰，应负主要责任。",
    )
    page.fill(
        "textarea[name=terms]", "乙方仅在工作日9:00至18:00施工，并向甲方赔偿500元。"
    )
    page.fill("input[name=performance_method]", "现金一次性支付")
    page.fill("input[name=performance_place]", "文一社区警务室")
    page.fill("input[name=performance_deadline]", today)
    page.fill("input[name=signed_on]", today)
    page.check("input[name=signatures_recorded]")
    page.check("input[name=seal_recorded]")
    page.locator("form.mediation-form button[type=submit]").click()
    assert Case.objects.get(pk=case_a.pk).status == Case.Status.AGREED

    page.goto(f"{live_server.url}/mediation/cases/{case_a.pk}/agreement/print/")
    page.screenshot(path=ARTIFACTS / "03-agreement.png", full_page=True)
    pdf_path = ARTIFACTS / "agreement.pdf"
    page.pdf(path=str(pdf_path), format="A4")
    reader = PdfReader(pdf_path)
    assert len(reader.pages) >= 1
    assert AuditLogEntry.objects.filter(action="print_agreement").exists()

    page.goto(f"{live_server.url}/mediation/cases/{case_a.pk}/")
    page.locator("[data-step=follow-up]").click()
    page.fill("input[name=visited_on]", today)
    page.check("input[name=obligations_kept][value=yes]")
    page.fill("textarea[name=notes]", "电话回访，赔偿已支付，双方关系缓和。")
    page.locator("form.mediation-form button[type=submit]").click()

    page.locator("[data-step=close]").click()
    page.locator("form.mediation-form button[type=submit]").click()
    page.screenshot(path=ARTIFACTS / "04-closed.png", full_page=True)
    assert Case.objects.get(pk=case_a.pk).status == Case.Status.CLOSED
    assert errors == []
