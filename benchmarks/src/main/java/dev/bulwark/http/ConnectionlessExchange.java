package dev.bulwark.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Components;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.server.TunnelSupport;
import org.eclipse.jetty.util.Attributes;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty request and its response without a connection, for pricing handlers alone: the request's body is all
 * there, and the response's writes complete at once. What the handlers under test never call throws. Not
 * thread-safe: one exchange, one thread.
 */
final class ConnectionlessExchange {

    private static final ConnectionMetaData LOOPBACK = new Loopback(new InetSocketAddress("127.0.0.1", 40_000));

    private ConnectionlessExchange() {}

    /** A {@code POST} request of {@code uri} with {@code headers} and {@code body}, its body in one last chunk. */
    static Request post(HttpURI uri, HttpFields headers, byte[] body) {
        return new BodyInOneChunk(uri, headers, body, LOOPBACK);
    }

    /** As {@link #post(HttpURI, HttpFields, byte[])}, from another loopback client address. */
    static Request post(HttpURI uri, HttpFields headers, byte[] body, String client) {
        return new BodyInOneChunk(uri, headers, body, new Loopback(new InetSocketAddress(client, 40_000)));
    }

    /** The response of {@code request}; its writes succeed at once and keep the last one's bytes. */
    static Written response(Request request) {
        return new Written(request);
    }

    /** A response whose writes complete at once. */
    static final class Written implements Response {
        private final Request request;
        private final HttpFields.Mutable headers = HttpFields.build();
        private int status = 200;
        private boolean committed;
        private boolean last;
        private ByteBuffer lastContent;

        private Written(Request request) {
            this.request = request;
        }

        /** The content of the last write, or {@code null}. */
        ByteBuffer lastContent() {
            return lastContent;
        }

        @Override
        public Request getRequest() {
            return request;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void setStatus(int code) {
            status = code;
        }

        @Override
        public HttpFields.Mutable getHeaders() {
            return headers;
        }

        @Override
        public Supplier<HttpFields> getTrailersSupplier() {
            return null;
        }

        @Override
        public void setTrailersSupplier(Supplier<HttpFields> trailers) {
            throw new UnsupportedOperationException("trailers");
        }

        @Override
        public boolean isCommitted() {
            return committed;
        }

        @Override
        public boolean hasLastWrite() {
            return last;
        }

        @Override
        public boolean isCompletedSuccessfully() {
            return last;
        }

        @Override
        public void reset() {
            headers.clear();
            status = 200;
        }

        @Override
        public CompletableFuture<Void> writeInterim(int status, HttpFields headers) {
            throw new UnsupportedOperationException("interim answers");
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            committed = true;
            if (last) {
                this.last = true;
                lastContent = content;
            }
            callback.succeeded();
        }
    }

    /** A request whose whole body is one last chunk, read once. */
    private static final class BodyInOneChunk extends Attributes.Lazy implements Request {
        private final HttpURI uri;
        private final HttpFields headers;
        private final byte[] body;
        private final ConnectionMetaData connection;
        private boolean read;

        BodyInOneChunk(HttpURI uri, HttpFields headers, byte[] body, ConnectionMetaData connection) {
            this.uri = uri;
            this.headers = headers;
            this.body = body;
            this.connection = connection;
        }

        @Override
        public Content.Chunk read() {
            if (read) {
                return Content.Chunk.EOF;
            }
            read = true;
            return Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public long getLength() {
            return body.length;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run(); // the body is all there
        }

        @Override
        public void fail(Throwable failure) {
            read = true;
        }

        @Override
        public boolean consumeAvailable() {
            read = true;
            return true;
        }

        @Override
        public String getId() {
            return "connectionless";
        }

        @Override
        public Components getComponents() {
            throw new UnsupportedOperationException("components: a body that is all there needs no scheduler");
        }

        @Override
        public ConnectionMetaData getConnectionMetaData() {
            return connection;
        }

        @Override
        public String getMethod() {
            return "POST";
        }

        @Override
        public HttpURI getHttpURI() {
            return uri;
        }

        @Override
        public Context getContext() {
            throw new UnsupportedOperationException("context");
        }

        @Override
        public HttpFields getHeaders() {
            return headers;
        }

        @Override
        public HttpFields getTrailers() {
            return null;
        }

        @Override
        public long getBeginNanoTime() {
            return 0;
        }

        @Override
        public long getHeadersNanoTime() {
            return 0;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public void addIdleTimeoutListener(Predicate<TimeoutException> onIdleTimeout) {}

        @Override
        public void addFailureListener(Consumer<Throwable> onFailure) {}

        @Override
        public TunnelSupport getTunnelSupport() {
            return null;
        }

        @Override
        public void addHttpStreamWrapper(Function<HttpStream, HttpStream> wrapper) {
            throw new UnsupportedOperationException("stream wrappers");
        }

        @Override
        public Session getSession(boolean create) {
            return null;
        }
    }

    /** A loopback client's HTTP/1.1 connection, without the connection. */
    private static final class Loopback extends Attributes.Lazy implements ConnectionMetaData {
        private static final SocketAddress SERVER = new InetSocketAddress("127.0.0.1", 8080);

        private final SocketAddress client;

        Loopback(SocketAddress client) {
            this.client = client;
        }

        @Override
        public String getId() {
            return "loopback";
        }

        @Override
        public HttpConfiguration getHttpConfiguration() {
            throw new UnsupportedOperationException("configuration");
        }

        @Override
        public HttpVersion getHttpVersion() {
            return HttpVersion.HTTP_1_1;
        }

        @Override
        public String getProtocol() {
            return "http/1.1";
        }

        @Override
        public Connection getConnection() {
            throw new UnsupportedOperationException("no connection: a body that is all there is never waited for");
        }

        @Override
        public Connector getConnector() {
            throw new UnsupportedOperationException("connector");
        }

        @Override
        public boolean isPersistent() {
            return true;
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return client;
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return SERVER;
        }
    }
}
