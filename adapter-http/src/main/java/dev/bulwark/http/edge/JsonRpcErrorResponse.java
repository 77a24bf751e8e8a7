package dev.bulwark.http.edge;

import dev.bulwark.http.exchange.Exchange;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A response that lets no error body of the layers below reach the client: once a status of 400 or above is set,
 * or {@code sendError} is called, it answers with a JSON-RPC error body and a fixed, safe message for the status,
 * and discards whatever is written next. The MCP SDK's transport writes its errors by serializing the exception
 * itself, stack trace included; Jetty's error page names the servlet and the cause. Neither gets through. A body the
 * transport could not read is answered with the reason {@link InboundMessageMapper} wrote for the client instead
 * (parse error, invalid request, or, in band, invalid params), and one without the session id a server with
 * sessions needs with a message saying only that ({@link #markWithoutSession}). A notification or a response to the server's own
 * request that the SDK fails to handle (a response for a request no longer waiting, a {@code roots/list_changed} the
 * SDK cannot ask the client about) is answered {@code 202 Accepted}: the message was taken, and it expects no
 * answer; the SDK's failure is its log line, not the client's error.
 * One per request; not thread-safe beyond what the wrapped response is.
 */
public final class JsonRpcErrorResponse extends HttpServletResponseWrapper {

    /** The request attribute of a request without a session id to a server with sessions. */
    private static final String WITHOUT_SESSION = JsonRpcErrorResponse.class.getName() + ".withoutSession";
    /** The answer to a transport's 400 for a request that needed a session id and had none. */
    static final String SESSION_ID_MISSING = "Bad request: the Mcp-Session-Id header is missing; send the session id"
            + " the initialize response gave, or start a session with initialize";

    private final ServletRequest request;
    private int errorStatus;

    /**
     * @param request the request answered, asked whether its body came too slowly (then the answer is 408)
     * @param response the response to guard
     */
    public JsonRpcErrorResponse(ServletRequest request, HttpServletResponse response) {
        super(response);
        this.request = request;
    }

    /**
     * Says that {@code request} names no session on a server with sessions: a 400 the transport answers it with, for
     * a body that was read, is for the missing {@code Mcp-Session-Id} header, and says only that.
     */
    public static void markWithoutSession(ServletRequest request) {
        request.setAttribute(WITHOUT_SESSION, Boolean.TRUE);
    }

    @Override
    public void sendError(int status) throws IOException {
        sendError(status, null);
    }

    @Override
    public void sendError(int status, String ignoredMessage) throws IOException {
        if (isCommitted()) {
            throw new IllegalStateException("The response is already committed");
        }
        errorStatus = status;
        answerWithError();
    }

    @Override
    public void setStatus(int status) {
        super.setStatus(status);
        errorStatus = status >= 400 && !isCommitted() ? status : 0;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (errorStatus != 0) {
            answerWithError();
            return new PrintWriter(Writer.nullWriter());
        }
        return super.getWriter();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (errorStatus != 0) {
            answerWithError();
            return new DiscardingOutputStream();
        }
        return super.getOutputStream();
    }

    private void answerWithError() throws IOException {
        HttpServletResponse response = (HttpServletResponse) getResponse();
        if (!response.isCommitted()) {
            int status = errorStatus;
            if (MinimumReadRateHandler.wasTooSlow(request)) {
                status = 408; // the transport saw a broken body; the cause was its pace
                Exchange.of(request).refuse("request_timeout");
            }
            if (status == 500 && InboundMessageMapper.readOneWayMessage()) {
                // a notification or a response the SDK failed to handle: nothing the client sent was wrong and
                // nothing it can do about it; it expects no answer, only to know the message was taken
                response.setStatus(HttpServletResponse.SC_ACCEPTED);
                return;
            }
            if (status == 405 && response.getHeader("Allow") == null) {
                // the stateless transport's own 405 for GET and DELETE, which names no method (RFC 9110 wants one)
                response.setHeader("Allow", HttpMethodFilter.STATELESS_MCP);
            }
            if (status == 413) {
                RefusedBody.discardRest(request); // the transport stopped reading at the limit; the client goes on
            }
            InboundMessageMapper.Refusal unreadable = status == 400 ? InboundMessageMapper.takeRefusal() : null;
            if (unreadable != null) {
                answerUnreadable(response, unreadable);
                return;
            }
            if (status == 400 && request.getAttribute(WITHOUT_SESSION) != null) {
                Exchange.of(request).refuse("missing_session_id");
                JsonRpcErrors.send(response, 400, JsonRpcErrors.INVALID_REQUEST, SESSION_ID_MISSING);
                return;
            }
            JsonRpcErrors.send(response, status, JsonRpcErrors.codeFor(status), JsonRpcErrors.messageFor(status));
        }
    }

    /** Answers a body the transport could not read with the reason {@link InboundMessageMapper} kept for it. */
    private void answerUnreadable(HttpServletResponse response, InboundMessageMapper.Refusal refusal)
            throws IOException {
        if (refusal.inBand()) {
            Exchange.of(request).refuse("invalid_params");
            JsonRpcErrors.sendAnswer(response, refusal.id(), refusal.code(), refusal.message());
        } else {
            String errorType = refusal.code() == JsonRpcErrors.PARSE_ERROR ? "parse_error" : "invalid_request";
            Exchange.of(request).refuse(errorType);
            JsonRpcErrors.send(response, 400, refusal.id(), refusal.code(), refusal.message());
        }
    }

    /** Swallows the body the layer below meant to write after its error status. */
    private static final class DiscardingOutputStream extends ServletOutputStream {
        private final OutputStream sink = OutputStream.nullOutputStream();

        @Override
        public void write(int b) throws IOException {
            sink.write(b);
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new IllegalStateException("Error responses are written synchronously");
        }
    }
}
