package dev.bulwark.stdio;

import dev.bulwark.ports.logging.FailureText;
import dev.bulwark.stdio.InboundLineParser.Parsed;
import dev.bulwark.stdio.InboundLineParser.Rejection;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader loop: reads stdin line by line and hands each usable message on.
 */
final class StdinReader implements Runnable {

    /** Logs under the transport's name, so that every line of the stdio transport carries one logger. */
    private static final Logger log = LoggerFactory.getLogger(StdioTransportProvider.class);

    private final BoundedLineReader lines;
    private final int maxLineBytes;
    private final InboundLineParser parser;
    private final InboundDispatcher dispatcher;
    private final OutputPump output;
    private final Runnable onEnd;

    /**
     * @param in the client's messages, one per line
     * @param maxLineBytes the largest line read, not counting its terminator
     * @param parser reads each line as a message
     * @param dispatcher where messages go
     * @param output where rejections go; the reader waits for room in it
     * @param onEnd run on the reader thread once reading has stopped, whatever the cause
     */
    StdinReader(
            InputStream in,
            int maxLineBytes,
            InboundLineParser parser,
            InboundDispatcher dispatcher,
            OutputPump output,
            Runnable onEnd) {
        this.lines = new BoundedLineReader(in, maxLineBytes);
        this.maxLineBytes = maxLineBytes;
        this.parser = parser;
        this.dispatcher = dispatcher;
        this.output = output;
        this.onEnd = onEnd;
    }

    @Override
    public void run() {
        try {
            while (!output.isFinished()) {
                output.awaitRoom();
                int length = lines.readLine();
                if (length == BoundedLineReader.END_OF_INPUT) {
                    if (!dispatcher.isClosing()) {
                        log.info("stdin reached end of input; ending the MCP session");
                    }
                    break;
                }
                if (output.isFinished()) {
                    break;
                }
                if (length != BoundedLineReader.TOO_LONG && dispatcher.refusedWithoutRoom(lines.buffer(), length)) {
                    continue;
                }
                Parsed parsed = length == BoundedLineReader.TOO_LONG
                        ? Parsed.refused(InboundLineParser.tooLong(maxLineBytes))
                        : parser.parse(lines.buffer(), length);
                if (parsed.rejection() != null) {
                    reject(parsed.rejection());
                } else if (parsed.message() != null) {
                    dispatcher.dispatch(parsed.message(), parsed.json(), length);
                }
            }
        } catch (IOException e) {
            if (!dispatcher.isClosing()) {
                log.warn("Reading stdin failed; ending the MCP session: {}", FailureText.of(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // An Error too (out of memory, say): logged as a JSON line like the rest, not printed raw on stderr by
            // the thread's default handler
            log.error("The stdin reader failed unexpectedly; ending the MCP session", e);
        } finally {
            onEnd.run();
        }
    }

    /**
     * Answers a line that is not a usable JSON-RPC message; logs the fact at INFO (the client's mistake, nothing for
     * an operator to fix), never the line.
     */
    private void reject(Rejection rejection) {
        if (!rejection.answered()) {
            log.info(
                    "Dropped a stdin line the client sent as a response ({}): a response is never answered",
                    rejection.logReason());
            return;
        }
        log.info("Refused a stdin message ({}) with JSON-RPC error {}", rejection.logReason(), rejection.code());
        if (!output.enqueue(JsonRpcLines.error(rejection.id(), rejection.code(), rejection.message()))) {
            log.debug("Could not answer a malformed line: the session is ending");
        }
    }
}
