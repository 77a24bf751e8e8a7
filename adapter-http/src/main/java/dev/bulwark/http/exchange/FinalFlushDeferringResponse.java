package dev.bulwark.http.exchange;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * A response that skips the one flush that buys nothing: the flush right after a JSON-RPC <em>response</em> is
 * written. The MCP SDK's transport flushes every message it writes, then ends the response (its SSE stream, or
 * the servlet's return for a JSON answer). For the answer to a request that flush only splits one write to the
 * socket in two: the answer with its headers, then the end of the chunked body. Left unflushed, the answer goes
 * out with the end of the response in one write, with a {@code Content-Length}. Everything else (progress
 * notifications, log messages, requests to the client) is flushed at once as before: they must reach the client
 * while the call still runs.
 *
 * <p>A message is recognised as a response by how the SDK's Jackson mapper writes one: its JSON starts with
 * {@code {"jsonrpc":"2.0","id":}, while requests and notifications start with {@code {"jsonrpc":"2.0","method":}.
 * A message this test does not recognise is flushed, which is always correct. The SDK ends the response right
 * after writing an answer (it has nothing else to send on that stream); the container then writes what is
 * buffered. One per request; not thread-safe beyond what the wrapped response is.
 */
final class FinalFlushDeferringResponse extends HttpServletResponseWrapper {

    private PrintWriter writer;

    FinalFlushDeferringResponse(HttpServletResponse response) {
        super(response);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new DeferringWriter(super.getWriter());
        }
        return writer;
    }

    /** Passes everything through to the container's writer but the flush that follows an answer. */
    private static final class DeferringWriter extends PrintWriter {
        private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":";
        private static final String SSE_DATA = "data: ";

        private final PrintWriter target;
        private boolean lastMessageIsAnswer;

        DeferringWriter(PrintWriter target) {
            super(target);
            this.target = target;
        }

        @Override
        public void write(String text) {
            observe(text);
            target.write(text);
        }

        @Override
        public void write(String text, int offset, int length) {
            if (offset == 0) {
                observe(text);
            }
            target.write(text, offset, length);
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            lastMessageIsAnswer = false;
            target.write(chars, offset, length);
        }

        @Override
        public void write(int c) {
            lastMessageIsAnswer = false;
            target.write(c);
        }

        @Override
        public void flush() {
            if (!lastMessageIsAnswer) {
                target.flush();
            }
        }

        @Override
        public boolean checkError() {
            // the writer's own check flushes first; an answer's flush is left to the end of the response
            return !lastMessageIsAnswer && target.checkError();
        }

        @Override
        public void close() {
            target.close();
        }

        /** A message starts the JSON body, or an SSE {@code data:} line; the {@code id:} and {@code event:} lines are neither. */
        private void observe(String text) {
            if (text.startsWith(SSE_DATA)) {
                lastMessageIsAnswer = text.startsWith(ANSWER, SSE_DATA.length());
            } else if (text.startsWith("{")) {
                lastMessageIsAnswer = text.startsWith(ANSWER);
            }
        }
    }
}
