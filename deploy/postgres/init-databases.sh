#!/usr/bin/env bash
# Creates one database and one owning login role per Outlay service: outlay_<service> owned by <service>.
# The PostgreSQL image runs this once, on an empty data directory (docker-entrypoint-initdb.d); the
# Kubernetes dev overlay runs the same file. Passwords come from <SERVICE>_DB_PASSWORD, never from here.
set -euo pipefail

for service in ${OUTLAY_DATABASES:?OUTLAY_DATABASES must list the services, e.g. "identity expenses"}; do
  password_variable="$(printf '%s' "$service" | tr '[:lower:]-' '[:upper:]_')_DB_PASSWORD"
  password="${!password_variable:-}"
  if [ -z "$password" ]; then
    echo "init-databases: $password_variable is not set" >&2
    exit 1
  fi
  # psql variables (:"name" identifiers, :'value' literals) quote safely; no value is spliced into SQL text.
  psql --no-psqlrc --set ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    --set role="$service" --set password="$password" --set database="outlay_$service" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role";
-- Each service reaches only its own database.
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
SQL
  echo "init-databases: created database outlay_$service owned by $service"
done
