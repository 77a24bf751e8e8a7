-- The user tools' table. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode, in the schema "bulwark"
-- (Flyway creates it and keeps its history there), so it never collides with the tables the SQL tools serve.
-- Ids are UUIDs the core generates; emails arrive lower-cased, so the unique constraint ignores case.
CREATE TABLE users (
    id         UUID                     NOT NULL,
    name       VARCHAR(400)             NOT NULL,
    email      VARCHAR(254)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
);

-- Keyset pagination: list_users orders by (created_at, id).
CREATE INDEX users_created_at_id_idx ON users (created_at, id);
