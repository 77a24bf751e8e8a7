/** The database adapter: users, the SQL gateway, health and pool meters on PostgreSQL or an embedded H2, behind a circuit breaker. */
package dev.bulwark.postgres;
