package dev.bulwark.postgres;

/**
 * The SQL gateway contract where the SQL tools have no logins of their own and switch to their roles with
 * {@code SET LOCAL ROLE} on the owner's connections: the setting a deployment has until it sets the SQL login
 * passwords.
 */
class PostgresRoleSwitchSqlGatewayContractTest extends PostgresGatewayContract {

    @Override
    protected DatabaseSettings options(PostgresServer server) {
        return PostgresDatabases.switchingRoles(server, 4);
    }
}
