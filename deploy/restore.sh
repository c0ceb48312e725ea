#!/bin/sh
# Restore a backup made by deploy/backup.sh into an EMPTY database and empty media
# folders (it refuses anything else, so it cannot mix two sites' data).
#
#   deploy/restore.sh DIR
#
# Reads DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT like backup.sh. Stop the
# app servers and the task worker first, and create the empty database, e.g.
#   dropdb gridwatch && createdb -O gridwatch gridwatch
# Afterwards run `manage.py migrate` (a no-op unless the code is newer than the
# backup) and start the app servers again.
set -eu
dir=${1:?usage: deploy/restore.sh BACKUP_DIR}
: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:port/db)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}"
: "${PRIVATE_MEDIA_ROOT:?set PRIVATE_MEDIA_ROOT}"

(cd "$dir" && sha256sum --check --quiet SHA256SUMS)

tables=$(psql "$DATABASE_URL" -Atc \
  "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != 0 ]; then
  echo "Refusing to restore: the database already has $tables tables." \
    "Restore into an empty database (dropdb, createdb)." >&2
  exit 1
fi
for root in "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"; do
  if [ -d "$root" ] && [ -n "$(ls -A "$root")" ]; then
    echo "Refusing to restore: $root is not empty." >&2
    exit 1
  fi
done

pg_restore --no-owner --no-acl --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$dir/db.dump"
# tar restores each file's recorded mode: public media stay readable by nginx.
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xpzf "$dir/media.tar.gz"
tar -C "$PRIVATE_MEDIA_ROOT" -xpzf "$dir/private.tar.gz"
echo "Restored $dir."
