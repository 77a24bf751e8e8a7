/**
 * The stdio transport: serves one MCP session as newline-delimited JSON-RPC over stdin and stdout.
 *
 * <p><b>{@link StdioTransportProvider}</b> replaces the SDK's {@code StdioServerTransportProvider}, which gives up
 * too easily. The output carries JSON-RPC messages only, written by one thread ({@code bulwark-stdio-out}); logs go
 * through SLF4J. A malformed or too long line is answered ({@link InboundLineParser}, {@link BoundedLineReader}) and
 * serving goes on; blank lines are ignored. End of input ends the session cleanly: requests being handled get up to
 * 30 seconds, those waiting their turn are answered "shutting down", every queued message is flushed, and then
 * {@code terminated()} completes, so {@code main} can exit 0; the server's own requests to the client still
 * unanswered fail at once with {@code -32603}, so the calls waiting for them end now. {@code closeGracefully()}
 * (SIGTERM) ends it the same way but reads stdin while the calls in flight finish, so the client's answers still
 * reach them. At the end, a stdout that takes nothing for {@value StdioTransportProvider#STALLED_OUTPUT_SECONDS} s
 * is given up on (the lines lost are logged), so the process can still exit. Its threads are daemon threads; it
 * closes neither stream. The convenience constructor captures {@code System.out} when called, so the caller may
 * then point {@code System.out} at stderr to keep stray prints off the protocol stream.
 *
 * <p><b>{@link InboundDispatcher}</b>: Hands inbound messages to the one MCP session in input order, and keeps
 * count of those being handled.
 *
 * <p>Requests other than {@code initialize} and {@code ping}, of either protocol era, run on the request threads it
 * is given: a handler may wait for the client's answer, which only the reader delivers. At most {@value
 * InboundDispatcher#MAX_IN_FLIGHT} of them run at once ({@link InFlightLimit}). A request read while that many run
 * waits its turn, in input order, holding no thread. At most {@value InboundDispatcher#MAX_WAITING} requests wait;
 * one more is answered {@value StdioRefusals#SERVER_UNAVAILABLE} at once, saying the server is busy. The requests
 * running and waiting are held parsed, at up to about 22 times their lines' bytes, so together their lines may take
 * a {@value InFlightLimit#HEAP_SHARE}th of the heap; one that does not fit is answered busy too, unless nothing
 * else is held.
 *
 * <p>Everything else is handled on the reader's thread as soon as it is read, however many requests run or wait:
 * the client's answers to the server's own requests, {@code initialize} and {@code ping} (so that {@code
 * notifications/initialized} reaches the session after its {@code initialize}), and notifications. So the reader
 * never waits for the limit. A notification may reach the session before requests read ahead of it that still wait
 * their turn. Once told where ({@link InboundDispatcher#reportCancellationsTo}), it reports the client's {@code
 * notifications/cancelled} there instead of handing them to the session, which ignores them; the server's requests
 * sent for the cancelled call and still unanswered are cancelled on the client first, once each. A cancellation
 * naming a request that still waits its turn takes it out instead: it never runs and gets no answer.
 *
 * <p>It keeps the MCP lifecycle ({@link InitializationGate}), answering itself what the gate refuses. Once the
 * session begins ending, it answers {@value StdioRefusals#SERVER_UNAVAILABLE} "shutting down" to the requests still
 * waiting and to any new one, drops notifications, and still delivers the client's answers. It runs the action
 * given to {@link InboundDispatcher#whenDrained} when the last message in flight has been handled, or after its
 * drain timeout, answering first each request still running as cut off by the shutdown.
 *
 * <p>Thread-safe: {@link InboundDispatcher#dispatch} is called by the one reader thread; the other methods from any
 * thread.
 *
 * <p><b>{@link RequestWorkers}</b>: The threads the transport's requests are handled on: a fixed number of daemon
 * platform threads ({@code bulwark-stdio-request-N}), each started when a request comes and there are fewer, taking
 * requests in input order from one queue. A busy thread takes the next request without waiting to be woken, where
 * Reactor's elastic pool, which ran them before, spread the requests over its threads and woke one for each. As
 * many threads as that pool has at most (ten per processor): a handler blocked on the client's answer, or on a slow
 * tool, holds its thread, and as many such handlers can run at once as before. An idle thread ends after a minute.
 *
 * <p>A handler that outlives its call's deadline (its call already answered) is reported with {@link
 * RequestWorkers#standIn}: one more thread serves the queue until that handler returns, and then the pool is back
 * to its size. So handlers that ignore their deadline cannot take every thread, and the count of threads serving
 * the queue stays what it was; at most {@value RequestWorkers#MAX_STAND_INS} stand in at once.
 *
 * <p>Thread-safe.
 *
 * <p><b>{@link OutputPump}</b>: The only writer of the protocol's output stream: lines and messages are queued from
 * any thread and written, one per line, in queue order, by the single thread that runs {@link OutputPump#run()}.
 * The stream is flushed whenever the queue runs empty, and at the end.
 *
 * <p>It also paces the reader: {@link OutputPump#awaitRoom()} holds the caller while more than {@code maxQueued}
 * lines wait, until half of them are written, so a client that stops reading its answers cannot make the server
 * buffer them without bound; and progress and log notifications beyond a few times that are dropped ({@link
 * OutputPump#enqueueNotification}). After {@link OutputPump#close()}, everything already queued is written and
 * {@code finished} completes; a stream that takes no line at all for the stall timeout is given up on (the lines
 * lost are logged), so the process can still exit. If writing fails, the queue is dropped, {@code onFailure} is
 * told, and {@code finished} completes: nothing more can be delivered.
 *
 * <p>Thread-safe: {@link OutputPump#enqueue}, {@link OutputPump#close()} and {@link OutputPump#awaitRoom()} may be
 * called from any thread; {@link OutputPump#run()} runs on exactly one.
 *
 * <p><b>{@link InFlightLimit}</b>: Lets at most {@code maxRunning} requests run at once. A request offered while
 * that many run waits its turn as the action that starts it, holding no thread. When a running request ends, the
 * first one waiting starts in its place, on the thread that reports the end, so requests start in the order
 * offered. At most {@code maxWaiting} requests wait; one more is not taken. The requests running and waiting
 * together may take at most {@code maxHeldBytes} of lines, since each is held parsed, at up to about 22 times its
 * bytes; one that does not fit is not taken, but when nothing is held any request fits. A waiting request can be
 * taken out ({@link InFlightLimit#cancel}). Once closed, nothing more is taken and nothing waiting starts.
 *
 * <p>Thread-safe. Start actions run while its lock is held: they must neither block nor wait for another thread.
 *
 * <p><b>{@link LineHead}</b>: Reads the top level of a JSON-RPC line without building it: whether it is a request
 * (a {@code method} and an {@code id}), and its id. It lets the reader refuse a large request it has no room to
 * hold before parsing it, which would take about 22 times the line's bytes. It walks the line once, skipping every
 * nested value by its brackets, and allocates only the id. It reads a request only where the parser would too: one
 * object with {@code "jsonrpc":"2.0"}, each of {@code jsonrpc}, {@code id} and {@code method} once. Anything else,
 * or anything it does not read plainly (an escape in a key, the id or the method, a number beyond 64 bits), is "not
 * known": the caller then parses the line as usual and answers what the parser finds. Stateless, so thread-safe.
 *
 * <p><b>{@link InitializationGate}</b>: The MCP lifecycle as the client walks it over stdio: {@code initialize}
 * first and once, then {@code notifications/initialized}, after which anything goes; {@code ping} at any time.
 *
 * <p>The SDK's session holds every request that comes before {@code notifications/initialized} until that
 * notification arrives, unanswered; held requests keep their place among the transport's in-flight requests, so a
 * client that sent enough of them stalled the reader for good, and end of input waited for them. Here they are
 * answered at once instead: a ping with its empty result, anything else with an error saying what to send first. A
 * second {@code initialize} is refused (the SDK answered it and kept the first one's capabilities), and a {@code
 * notifications/initialized} before any {@code initialize} is dropped (it opened the session without the client's
 * capabilities). Used by the single reader thread only.
 *
 * <p><b>{@link InboundLineParser}</b>: Reads one inbound line (raw bytes, terminator removed) as a JSON-RPC 2.0
 * message the way the SDK does, but says what is wrong instead of throwing: invalid UTF-8 or JSON is a {@code
 * -32700} parse error, valid JSON that is not a JSON-RPC message a {@code -32600} invalid request carrying the
 * message's id when one can be read, and a request the mapper refuses (params that do not fit its method) the
 * mapper's own error. No rejection quotes the line.
 *
 * <p>Not thread-safe: it holds a UTF-8 decoder; the one reader thread owns an instance.
 *
 * <p><b>{@link StdinReader}</b>: The reader loop: reads stdin line by line (each bounded to {@code maxLineBytes}),
 * answers a line that is not a usable message with its error (logging why, never the line), lets the dispatcher
 * answer busy, unparsed, a request it has no room to hold, hands each message to the dispatcher in input order, and
 * pauses while the output has too much waiting. It stops at end of input, on a read failure, or once the output has
 * finished, and then runs {@code onEnd}.
 *
 * <p>Not thread-safe: {@link StdinReader#run()} runs on the one reader thread.
 *
 * <p><b>{@link PendingClientRequests}</b>: The server's own requests to the client (sampling, elicitation, roots)
 * that are not answered yet, each with the client's call it was sent for, if known. Once the client's input has
 * ended they can be failed at once rather than at their timeout, and a request sent after that is refused before it
 * is written; once the call they were sent for is cancelled or ends, they can be cancelled ({@link
 * PendingClientRequests#takeSentFor}).
 *
 * <p>Thread-safe: requests are sent from any thread while the reader records answers and the end of input.
 *
 * <p><b>{@link StdioSessionTransport}</b>: The SDK's view of the one session's transport: queues what the session
 * sends for stdout, records the server's own requests until the client answers them (refusing one the client can no
 * longer answer), each with the call it is sent for ({@link CurrentCall}), and ends the session when the SDK closes
 * it. When a call is answered (it finished, failed or timed out), each request sent for it and still unanswered
 * gets a {@code notifications/cancelled} first, once.
 *
 * <p>Thread-safe: the SDK may call it from any thread.
 *
 * <p><b>{@link BoundedLineReader}</b>: Reads {@code \n}-terminated lines of raw bytes from a stream, never holding
 * more than a fixed number of bytes of one line in memory. A line longer than the limit is reported as {@link
 * BoundedLineReader#TOO_LONG} and skipped up to its terminator; the next call continues with the line after it.
 *
 * <p>A {@code \r} immediately before the {@code \n} is not part of the line. Bytes after the last terminator at end
 * of input count as a final line.
 *
 * <p>Not thread-safe: one reader thread owns an instance.
 *
 * <p><b>{@link JsonRpcLines}</b>: Turns outbound JSON-RPC messages into single lines of JSON for stdout, writes by
 * hand the error responses the SDK's types cannot express (an {@code "id": null}), and makes the cancellations of
 * the server's own requests.
 *
 * <p>Thread-safe: it holds only the mapper, which is.
 *
 * <p><b>{@link CoreCancellations}</b>: Reports the client's {@code notifications/cancelled} to the core, which
 * cancels the call (the SDK's session only logs them), once told where ({@link CoreCancellations#reportTo}); the
 * server's requests sent for the cancelled call and still unanswered are cancelled on the client first, once each.
 * Thread-safe.
 *
 * <p><b>{@link StdioRefusals}</b>: The answers the stdio transport gives requests itself, in the server's place,
 * when it does not run them: their code and messages, and the refusals written to the output, each logged.
 * Thread-safe.
 */
package dev.bulwark.stdio;
