package dev.bulwark.spring;

import dev.bulwark.core.Bulwark;
import dev.bulwark.serve.BulwarkStdio;
import java.io.PrintStream;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Serves the {@link Bulwark} over one stdio session on the process's stdin and stdout through {@link BulwarkStdio},
 * from the application context's start until the client closes stdin, which closes the context. While serving,
 * {@code System.out} writes to stderr, so a stray print cannot corrupt the protocol. The stop ends the session as
 * if the client had closed its input: the calls in flight complete and are answered. Thread-safe.
 */
public final class BulwarkStdioLifecycle implements SmartLifecycle {

    private final Bulwark bulwark;
    private final ConfigurableApplicationContext context;
    private BulwarkStdio stdio;
    private PrintStream protocol;

    BulwarkStdioLifecycle(Bulwark bulwark, ConfigurableApplicationContext context) {
        this.bulwark = bulwark;
        this.context = context;
    }

    @Override
    public synchronized void start() {
        if (stdio != null) {
            return;
        }
        protocol = System.out;
        System.setOut(System.err);
        BulwarkStdio session = BulwarkStdio.start(bulwark, System.in, protocol);
        stdio = session;
        Thread watcher = new Thread(
                () -> {
                    session.awaitClientClose();
                    context.close(); // the client left: the application ends, as the server jar does
                },
                "bulwark-stdio-session");
        watcher.start();
    }

    @Override
    public void stop() {
        BulwarkStdio session;
        PrintStream restored;
        synchronized (this) {
            session = stdio;
            restored = protocol;
            stdio = null;
        }
        if (session == null) {
            return;
        }
        session.stop();
        session.awaitClientClose();
        session.close();
        System.setOut(restored);
    }

    @Override
    public synchronized boolean isRunning() {
        return stdio != null;
    }

    @Override
    public int getPhase() {
        return BulwarkHttpLifecycle.PHASE;
    }
}
