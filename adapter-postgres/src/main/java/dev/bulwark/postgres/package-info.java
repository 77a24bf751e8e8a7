/** JDBC implementations of the ports (users, SQL gateway, health) and Flyway migrations; they arrive with the Postgres adapter issue. */
package dev.bulwark.postgres;
