#!/bin/sh
# Backs up the PostgreSQL database of a Rotes Netz instance with pg_dump (custom format, consistent
# snapshot while the app runs), checks that the dump can be read, and keeps the newest KEEP dumps.
#
#   DATABASE_URL=postgres://rn:secret@db/rotes_netz deploy/backup-postgres.sh [DIR] [KEEP]
#
# DIR defaults to /var/backups/rotes-netz, KEEP to 14. Prints the path of the new dump. Restore
# with `rotes-netz restore FILE` (every node stopped), which also erases again the members erased
# since the dump (ERASURE_LOG). Keep the erasure log out of DIR: it must survive the backups.
# Example crontab line (daily at 02:30):
#   30 2 * * * DATABASE_URL=postgres://rn:secret@db/rotes_netz /opt/rotes-netz/deploy/backup-postgres.sh
set -eu

dir=${1:-/var/backups/rotes-netz}
keep=${2:-14}
: "${DATABASE_URL:?DATABASE_URL must name the PostgreSQL database}"

umask 077
mkdir -p "$dir"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
part="$dir/.rotes-netz-$stamp.dump.part"
trap 'rm -f "$part"' EXIT

pg_dump --format=custom --no-owner --file="$part" --dbname="$DATABASE_URL"
pg_restore --list "$part" >/dev/null
mv "$part" "$dir/rotes-netz-$stamp.dump"

# The oldest dumps beyond KEEP go.
ls -1t "$dir"/rotes-netz-*.dump | tail -n +"$((keep + 1))" | while read -r old; do rm -f -- "$old"; done
echo "$dir/rotes-netz-$stamp.dump"
