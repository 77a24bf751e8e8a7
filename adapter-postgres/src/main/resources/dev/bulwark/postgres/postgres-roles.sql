-- Bulwark: the roles the SQL tools run as, on PostgreSQL.
--
-- Run once per database as a role that may create roles (for example the postgres superuser), with psql:
--
--   psql "$ADMIN_URL" -v app_user=bulwark_app -v sql_schema=public -f postgres-roles.sql
--
-- app_user   the role in DATABASE_URL: the owner of the "bulwark" schema (the migrations create it).
--            It must NOT be a superuser; the server logs a warning when it is.
-- sql_schema the schema the SQL tools may use (database.allowed-schemas); repeat the GRANT block per schema.
--
-- The SQL tools never act as app_user: every statement runs in a transaction that first runs
-- SET LOCAL ROLE bulwark_sql_reader (read-only mode, in a READ ONLY transaction that is always rolled back)
-- or SET LOCAL ROLE bulwark_sql_writer (write mode). Neither role can log in, own objects, create objects,
-- read the "bulwark" schema, read server files or run programs.

\set ON_ERROR_STOP on

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'bulwark_sql_reader') THEN
        CREATE ROLE bulwark_sql_reader NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'bulwark_sql_writer') THEN
        CREATE ROLE bulwark_sql_writer NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION;
    END IF;
END
$$;

-- The application role may switch to them (SET ROLE), and only to them.
GRANT bulwark_sql_reader TO :"app_user";
GRANT bulwark_sql_writer TO :"app_user";

-- Reader: look at the allowed schema's tables and views; nothing else.
GRANT USAGE ON SCHEMA :"sql_schema" TO bulwark_sql_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA :"sql_schema" TO bulwark_sql_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" IN SCHEMA :"sql_schema" GRANT SELECT ON TABLES TO bulwark_sql_reader;

-- Writer: change rows of the allowed schema's tables; no DDL, no TRUNCATE, no ownership.
GRANT USAGE ON SCHEMA :"sql_schema" TO bulwark_sql_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA :"sql_schema" TO bulwark_sql_writer;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA :"sql_schema" TO bulwark_sql_writer;
ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" IN SCHEMA :"sql_schema"
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO bulwark_sql_writer;
ALTER DEFAULT PRIVILEGES FOR ROLE :"app_user" IN SCHEMA :"sql_schema"
    GRANT USAGE, SELECT ON SEQUENCES TO bulwark_sql_writer;

-- Neither role may create objects in the schema (PostgreSQL 14 and older grant CREATE on public to PUBLIC).
REVOKE CREATE ON SCHEMA :"sql_schema" FROM PUBLIC;
