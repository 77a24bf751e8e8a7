package dev.bulwark.redis;

import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ConnectionProvider;
import redis.clients.jedis.util.IOUtils;

/**
 * Runs each command on a pooled connection, as Jedis's own executor does, but closes rather than returns a
 * connection that Redis refused as a replica ({@code READONLY}). Thread-safe.
 */
final class ReplicaRefusalExecutor implements CommandExecutor {

    private final ConnectionProvider provider;

    ReplicaRefusalExecutor(ConnectionProvider provider) {
        this.provider = provider;
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        try (Connection connection = provider.getConnection(command.getArguments())) {
            try {
                return connection.executeCommand(command);
            } catch (JedisDataException e) {
                // Emptying the pool (RedisGuard) cannot reach this connection while it is lent out, and a replica's
                // connection passes the pool's PING: marked broken, the pool destroys it instead of keeping it.
                if (RedisRefusal.of(e).filter(RedisRefusal.READ_ONLY::equals).isPresent()) {
                    connection.setBroken();
                }
                throw e;
            }
        }
    }

    /** Closes the provider, and with it the pool, as Jedis's own executor does. */
    @Override
    public void close() {
        IOUtils.closeQuietly(provider);
    }
}
