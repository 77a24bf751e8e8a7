package dev.bulwark.http.edge;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads a request body before a request thread takes the request, up to a byte budget.
 */
public final class BodyReadAhead implements EagerContentHandler.ContentLoaderFactory {

    /** What each chunk counts on top of its bytes: the HTTP/1.1 chunk framing it came with in the same buffer. */
    static final int FRAMING_BYTES_PER_CHUNK = 8;

    private final long maxRetainedBytes;

    /**
     * @param maxRetainedBytes the most a body may hold, chunk framing included, before it is handed on with the rest
     *     unread (the next handler reads that as it arrives)
     */
    public BodyReadAhead(long maxRetainedBytes) {
        if (maxRetainedBytes < 1) {
            throw new IllegalArgumentException("maxRetainedBytes must be at least 1, was " + maxRetainedBytes);
        }
        this.maxRetainedBytes = maxRetainedBytes;
    }

    @Override
    public String getApplicableMimeType() {
        return null; // every media type
    }

    @Override
    public EagerContentHandler.ContentLoader newContentLoader(
            String contentType,
            String mimeType,
            Handler handler,
            Request request,
            Response response,
            Callback callback) {
        return new Loader(handler, request, response, callback, maxRetainedBytes);
    }

    /** Reads one request's body ahead, then hands the request on. */
    private static final class Loader extends EagerContentHandler.ContentLoader implements Invocable.Task {

        private final Deque<Content.Chunk> chunks = new ArrayDeque<>();
        private final long maxRetainedBytes;
        private long retained;

        Loader(Handler handler, Request request, Response response, Callback callback, long maxRetainedBytes) {
            super(handler, request, response, callback);
            this.maxRetainedBytes = maxRetainedBytes;
        }

        @Override
        protected void load() {
            read(false);
        }

        /** Jetty's demand: more of the body can be read. */
        @Override
        public void run() {
            read(true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        /**
         * Keeps what can be read now; hands the request on once the body is in, failed, or over the budget, else
         * asks to be called when more arrives. Called from a demand, it hands on from another thread: the next
         * handlers block.
         */
        private void read(boolean fromDemand) {
            while (true) {
                Content.Chunk chunk = getRequest().read();
                if (chunk == null) {
                    getRequest().demand(this);
                    return;
                }
                chunks.add(chunk);
                retained += FRAMING_BYTES_PER_CHUNK + chunk.remaining();
                if (chunk.isLast() || Content.Chunk.isFailure(chunk) || retained >= maxRetainedBytes) {
                    if (fromDemand) {
                        getRequest().getContext().execute(this::handOn);
                    } else {
                        handOn();
                    }
                    return;
                }
            }
        }

        private void handOn() {
            KeptBody kept = new KeptBody(getRequest(), getCallback(), chunks);
            handle(kept, getResponse(), kept);
        }
    }

    /**
     * The request as the next handler sees it: its kept chunks first, then the rest as it arrives; and its callback,
     * which releases what is still kept and completes the request, in success and in failure alike.
     */
    private static final class KeptBody extends Request.Wrapper implements Callback {

        private final Callback callback;
        private final Deque<Content.Chunk> chunks;

        KeptBody(Request request, Callback callback, Deque<Content.Chunk> chunks) {
            super(request);
            this.callback = Objects.requireNonNull(callback, "callback");
            this.chunks = chunks;
        }

        @Override
        public Content.Chunk read() {
            synchronized (chunks) {
                Content.Chunk kept = chunks.pollFirst();
                if (kept != null) {
                    return kept;
                }
            }
            return super.read();
        }

        @Override
        public void succeeded() {
            release();
            callback.succeeded();
        }

        @Override
        public void failed(Throwable failure) {
            release();
            callback.failed(failure);
        }

        @Override
        public InvocationType getInvocationType() {
            return callback.getInvocationType();
        }

        private void release() {
            synchronized (chunks) {
                chunks.forEach(Content.Chunk::release);
                chunks.clear();
            }
        }
    }
}
