package dev.bulwark.outbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Reads a response body into memory up to a cap, dropping the connection past it.
 */
final class CappedBody implements HttpResponse.BodyHandler<byte[]> {

    private final long maxBytes;
    private final boolean headRequest;

    /** For a request of any method but HEAD. */
    CappedBody(long maxBytes) {
        this(maxBytes, false);
    }

    /** For a request that is a HEAD when {@code headRequest}. */
    CappedBody(long maxBytes, boolean headRequest) {
        this.maxBytes = maxBytes;
        this.headRequest = headRequest;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(HttpResponse.ResponseInfo info) {
        // The length an answer without a body declares is that of a body it does not send: never refused for it.
        boolean bodiless = headRequest || info.statusCode() == 204 || info.statusCode() == 304;
        long declared = bodiless
                ? -1
                : info.headers().firstValueAsLong("content-length").orElse(-1);
        return new Subscriber(maxBytes, declared > maxBytes);
    }

    /** The body was larger than the cap. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long maxBytes) {
            super("the response body is larger than " + maxBytes + " bytes");
        }
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final long maxBytes;
        private final boolean refuseAtOnce;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Subscriber(long maxBytes, boolean refuseAtOnce) {
            this.maxBytes = maxBytes;
            this.refuseAtOnce = refuseAtOnce;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (refuseAtOnce) {
                subscription.cancel();
                body.completeExceptionally(new TooLarge(maxBytes));
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge(maxBytes));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            body.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            body.complete(bytes.toByteArray());
        }
    }
}
