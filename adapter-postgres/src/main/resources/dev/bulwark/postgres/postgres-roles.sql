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
-- The SQL tools never act as app_user. They log in as bulwark_sql_reader (read-only mode, in a READ ONLY
-- transaction that is always rolled back) and bulwark_sql_writer (write mode). Give both roles a password after
-- this script, in psql (nothing lands in the shell's history):
--
--   \password bulwark_sql_reader
--   \password bulwark_sql_writer
--
-- and set the same in database.sql-reader-password and database.sql-writer-password. Without those settings the
-- server switches to the roles with SET LOCAL ROLE on app_user's connections (weaker: a statement that got past
-- the SQL tools' checks could switch back), which is why both roles are also granted to app_user.
-- Neither role can own objects, create objects, read the "bulwark" schema, read server files or run programs.

\set ON_ERROR_STOP on

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'bulwark_sql_reader') THEN
        CREATE ROLE bulwark_sql_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'bulwark_sql_writer') THEN
        CREATE ROLE bulwark_sql_writer LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION;
    END IF;
END
$$;

-- Roles created by an earlier version of this script could not log in.
ALTER ROLE bulwark_sql_reader LOGIN;
ALTER ROLE bulwark_sql_writer LOGIN;

-- Both may connect to this database, even where CONNECT was revoked from PUBLIC.
GRANT CONNECT ON DATABASE :"DBNAME" TO bulwark_sql_reader, bulwark_sql_writer;

-- The application role may switch to them (SET ROLE), and only to them; neither may switch to it.
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
