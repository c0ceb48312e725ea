#!/bin/sh
# Back up Grid Watch: the database (pg_dump, custom format) and both media trees.
#
#   deploy/backup.sh [DIR]        DIR defaults to var/backups/<UTC time>
#
# Reads DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT from the environment, as
# the app servers do (for the one-machine stack: eval "$(deploy/stack.py env)").
# The app keeps running: pg_dump reads one consistent snapshot, and the media
# trees are copied after it, so every file a dumped row points to is there (an
# upload is written before its row is committed). The backup holds residents'
# photos and case documents: it is made readable by its owner only; encrypt it
# before it leaves the machine.
set -eu
: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:port/db)}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}"
: "${PRIVATE_MEDIA_ROOT:?set PRIVATE_MEDIA_ROOT}"
if [ -n "${MEDIA_S3_BUCKET:-}" ]; then
  echo "Media are in the object store ($MEDIA_S3_BUCKET): back the bucket up with" \
    "its own tools (versioning, replication, mc mirror); this copies the database" \
    "and any local files only." >&2
fi

out=${1:-var/backups/$(date -u +%Y%m%dT%H%M%SZ)}
umask 077
mkdir -p "$out"

pg_dump --format=custom --no-owner --no-acl --file="$out/db.dump" "$DATABASE_URL"
for tree in media:"$MEDIA_ROOT" private:"$PRIVATE_MEDIA_ROOT"; do
  name=${tree%%:*}
  root=${tree#*:}
  mkdir -p "$root"
  tar -C "$root" -czf "$out/$name.tar.gz" .
done
(cd "$out" && sha256sum db.dump media.tar.gz private.tar.gz >SHA256SUMS)
echo "$out"
