#!/bin/sh
# Runs once, when the PostgreSQL container starts on an empty data directory (docker-entrypoint-initdb.d): the
# application role and database of docs/operations.md ("Setting up PostgreSQL"), then the SQL tools' roles from the
# script the adapter ships, and their passwords. The passwords are the compose demo's (compose.yaml holds the same);
# use secrets of your own anywhere else.
set -eu
psql -v ON_ERROR_STOP=1 --username postgres <<'SQL'
CREATE ROLE bulwark_app LOGIN PASSWORD 'bulwark-demo-password';
CREATE DATABASE app OWNER bulwark_app;
SQL
psql -v ON_ERROR_STOP=1 --username postgres --dbname app \
    -v app_user=bulwark_app -v sql_schema=public -f /bulwark/postgres-roles.sql
psql -v ON_ERROR_STOP=1 --username postgres <<'SQL'
ALTER ROLE bulwark_sql_reader PASSWORD 'bulwark-demo-reader-password';
ALTER ROLE bulwark_sql_writer PASSWORD 'bulwark-demo-writer-password';
SQL
