"""Backup and restore round trip: dump, wipe (database and media), restore.

Every report, report update, case, ledger entry and image row must come back
unchanged, and every file under both media trees byte for byte, including a
resident's photo that the tracking page then serves again.
"""

import hashlib
import io
import shutil
import subprocess

import psycopg
import pytest
from PIL import Image

from .conftest import ROOT, stack_module, traffic

pytestmark = pytest.mark.stack

TABLES = [
    "reports_report",
    "reports_reportupdate",
    "reports_reportphoto",
    "mediation_case",
    "mediation_caseevent",
    "volunteers_ledgerentry",
    "wagtailimages_image",
]
FILE_COLUMNS = [
    ("wagtailimages_image", "file", "media"),
    ("reports_reportphoto", "image", "private"),
    ("mediation_casedocument", "file", "private"),
]


def rows(stack):
    with psycopg.connect(stack.database_url) as connection:
        return {
            table: [
                row
                for (row,) in connection.execute(
                    f"SELECT row_to_json(t)::text FROM {table} t ORDER BY id"
                )
            ]
            for table in TABLES
        }


def files(stack):
    """sha256 of every file under both media trees, by path."""
    found = {}
    for label, root in (("media", stack.media_root), ("private", stack.private_root)):
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[f"{label}/{path.relative_to(root)}"] = digest
    return found


def referenced_files(stack):
    with psycopg.connect(stack.database_url) as connection:
        return {
            f"{label}/{name}"
            for table, column, label in FILE_COLUMNS
            for (name,) in connection.execute(f"SELECT {column} FROM {table}")
        }


def public_tables(stack):
    with psycopg.connect(stack.database_url) as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (180, 90, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_backup_wipe_and_restore_bring_every_row_and_file_back(
    stack, site, tmp_path, capsys
):
    resident = traffic.Resident(stack.url, verify=str(stack.cert))
    code, lat, lng, _ = site.grids[0]
    response, token, _ = resident.submit_report(
        site.categories[0], lat, lng, "备份测试：井盖缺失",
        photos=[("manhole.jpg", jpeg(), "image/jpeg")],
    )
    assert response.status_code == 201
    with psycopg.connect(stack.database_url) as connection:
        (photo_id,) = connection.execute(
            "SELECT p.id FROM reports_reportphoto p JOIN reports_report r "
            "ON r.id = p.report_id WHERE r.token_hash = %s",
            [hashlib.sha256(token.encode()).hexdigest()],
        ).fetchone()
    photo_url = f"/report/track/{token}/photos/{photo_id}/"
    photo = resident.get(photo_url)
    assert photo.status_code == 200

    # Quiet the stack so the snapshot and the backup see the same state.
    for name in ("worker", *stack_module.APPS):
        stack.terminate(name)
    try:
        rows_before, files_before = rows(stack), files(stack)
        assert all(rows_before[table] for table in TABLES), "demo data has each kind"
        assert referenced_files(stack) <= set(files_before)

        backup = tmp_path / "backup"
        env = stack.env()
        subprocess.run([ROOT / "deploy" / "backup.sh", backup], env=env, check=True)

        # The wipe: a lost database server and media disk.
        maintenance = stack.database_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(maintenance, autocommit=True) as connection:
            connection.execute("DROP DATABASE gridwatch WITH (FORCE)")
            connection.execute("CREATE DATABASE gridwatch")
        shutil.rmtree(stack.media_root)
        shutil.rmtree(stack.private_root)
        assert public_tables(stack) == 0 and files(stack) == {}

        subprocess.run([ROOT / "deploy" / "restore.sh", backup], env=env, check=True)
        stack.manage("migrate", "--check", capture=True)
    finally:
        for name in stack_module.APPS:
            stack.start_app(name)
        stack.start_worker()

    rows_after, files_after = rows(stack), files(stack)
    with capsys.disabled():
        counts = ", ".join(f"{t} {len(r)}" for t, r in rows_after.items())
        print(f"\nbackup → wipe → restore: rows back: {counts}; files back: "
              f"{len(files_after)} of {len(files_before)}")
    assert rows_after == rows_before
    assert files_after == files_before
    again = resident.get(photo_url)
    assert again.status_code == 200
    assert again.content == photo.content


def test_restore_refuses_a_database_that_is_not_empty(stack, tmp_path):
    backup = tmp_path / "backup"
    env = stack.env()
    subprocess.run([ROOT / "deploy" / "backup.sh", backup], env=env, check=True)
    before = {table: len(found) for table, found in rows(stack).items()}

    restore = subprocess.run(
        [ROOT / "deploy" / "restore.sh", backup], env=env, capture_output=True
    )

    assert restore.returncode != 0
    assert {table: len(found) for table, found in rows(stack).items()} == before
