/**
 * The database adapter: users, the SQL gateway, health and pool meters on PostgreSQL or an embedded H2, behind one
 * circuit breaker. {@link JdbcDatabase} is the front door; opening it never waits for the database, and the schema is
 * migrated as soon as the database can be reached.
 */
package dev.bulwark.postgres;
