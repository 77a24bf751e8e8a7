import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The soak load of scripts/soak.sh: drives one stateful and one stateless Bulwark HTTP server and one stdio server
 * with every kind of client behaviour (both protocol eras, sessions opened and abandoned, streams held and dropped,
 * calls cancelled mid-flight, elicitation rounds answered and abandoned, a burst over the rate limit) for a given
 * time, and keeps a ledger of every request id sent and every answer received. Run with the JDK's single-file
 * launcher; it needs nothing but the JDK.
 *
 * <pre>
 * java scripts/soak/SoakDriver.java load STATEFUL_URL STATELESS_URL SECONDS BURST_AT_SECONDS OUT_DIR java -jar ...
 * java scripts/soak/SoakDriver.java judge SAMPLES_CSV WARMUP_MINUTES [LATER_FROM_MINUTE]
 * </pre>
 *
 * The load mode starts the stdio server itself (the command after OUT_DIR), writes its process id to
 * OUT_DIR/stdio.pid, and at the end closes its input (its drain) and writes OUT_DIR/ledger.txt. Exit status 0 when no
 * call was lost or answered twice and the stdio server exited with 0.
 */
public final class SoakDriver {

    static final String ERA_2026 = "2026-07-28";
    static final String ERA_2025 = "2025-11-25";
    static final String META_2026 = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + ERA_2026
            + "\",\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{},\"sampling\":{}}}";

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("judge")) {
            System.exit(Judge.run(Path.of(args[1]), Integer.parseInt(args[2]),
                    args.length > 3 ? Integer.parseInt(args[3]) : -1));
        }
        if (args.length < 7 || !args[0].equals("load")) {
            System.err.println("usage: SoakDriver load STATEFUL_URL STATELESS_URL SECONDS BURST_AT OUT_DIR CMD...\n"
                    + "       SoakDriver judge SAMPLES_CSV WARMUP_MINUTES");
            System.exit(2);
        }
        List<String> command = List.of(args).subList(6, args.length);
        System.exit(new Load(URI.create(args[1]), URI.create(args[2]), Long.parseLong(args[3]),
                Long.parseLong(args[4]), Path.of(args[5]), command).run());
    }

    // ------------------------------------------------------------------------------------------------------------
    // The ledger

    /** Every request id sent that must be answered, and how many answers each got. Thread-safe. */
    static final class Ledger {
        final Map<Long, Entry> entries = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
        final AtomicLong ids = new AtomicLong(1000);

        record Entry(String scenario, boolean mustAnswer, AtomicLong answers) {
        }

        long sent(String scenario, boolean mustAnswer) {
            long id = ids.incrementAndGet();
            entries.put(id, new Entry(scenario, mustAnswer, new AtomicLong()));
            count(scenario + ".sent");
            return id;
        }

        void answered(long id) {
            Entry entry = entries.get(id);
            if (entry == null) {
                count("unknown-id.answered");
                return;
            }
            entry.answers.incrementAndGet();
        }

        /** The request got no JSON-RPC answer because the server refused it at the HTTP level (status, no body). */
        void refused(long id, int status) {
            Entry entry = entries.remove(id);
            count((entry == null ? "?" : entry.scenario) + ".refused-http-" + status);
        }

        /** The connection failed before an answer (an I/O error on our side or theirs). */
        void failed(long id, String why) {
            Entry entry = entries.get(id);
            count((entry == null ? "?" : entry.scenario) + ".io-error");
            counters.computeIfAbsent("io-error." + why, k -> new AtomicLong()).incrementAndGet();
        }

        void count(String name) {
            counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
        }

        /** Writes the report; returns the number of lost plus twice-answered requests. */
        long report(PrintWriter out) {
            long lost = 0, twice = 0, answered = 0, must = 0;
            Map<String, long[]> perScenario = new java.util.TreeMap<>();
            for (Map.Entry<Long, Entry> e : entries.entrySet()) {
                Entry entry = e.getValue();
                long n = entry.answers.get();
                long[] row = perScenario.computeIfAbsent(entry.scenario, k -> new long[5]);
                row[0]++;
                if (entry.mustAnswer) {
                    must++;
                    row[1]++;
                    if (n == 0) {
                        lost++;
                        row[2]++;
                        if (row[2] <= 3) {
                            out.println("lost: id " + e.getKey() + " (" + entry.scenario + ")");
                        }
                    }
                }
                if (n > 1) {
                    twice++;
                    row[3]++;
                    out.println("answered " + n + " times: id " + e.getKey() + " (" + entry.scenario + ")");
                }
                if (n > 0) {
                    answered++;
                    row[4]++;
                }
            }
            out.println("scenario\tsent\tmust_answer\tlost\tanswered_twice\tanswered");
            perScenario.forEach((k, v) -> out.println(k + "\t" + v[0] + "\t" + v[1] + "\t" + v[2] + "\t" + v[3]
                    + "\t" + v[4]));
            out.println();
            out.println("counter\tvalue");
            new java.util.TreeMap<>(counters).forEach((k, v) -> out.println(k + "\t" + v.get()));
            out.println();
            out.println("requests_tracked " + entries.size() + ", must_answer " + must + ", answered " + answered
                    + ", lost " + lost + ", answered_twice " + twice);
            return lost + twice;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // A small HTTP/1.1 client on a plain socket, so that the driver can drop or reset a connection whenever it likes.

    /** One HTTP exchange on its own connection ({@code Connection: close}). Not thread-safe. */
    static final class Http implements AutoCloseable {
        final Socket socket;
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        final InputStream body;
        private boolean jsonDone;

        private Http(Socket socket, int status, InputStream body) {
            this.socket = socket;
            this.status = status;
            this.body = body;
        }

        static Http send(String method, URI uri, Map<String, String> extra, String json) throws IOException {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 30_000);
            socket.setSoTimeout(120_000);
            byte[] payload = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(uri.getRawPath()).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                    .append("Accept: application/json, text/event-stream\r\n")
                    .append("Connection: close\r\n");
            if (json != null) {
                head.append("Content-Type: application/json\r\n").append("Content-Length: ").append(payload.length)
                        .append("\r\n");
            }
            extra.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(payload);
            out.flush();
            InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
            String statusLine = readLine(in);
            if (statusLine == null) {
                socket.close();
                throw new IOException("no-status");
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            InputStream body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = new Chunked(in);
            } else if (headers.containsKey("content-length")) {
                body = new Bounded(in, Long.parseLong(headers.get("content-length")));
            } else {
                body = in;
            }
            Http http = new Http(socket, status, body);
            http.headers.putAll(headers);
            return http;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean isStream() {
            String type = header("content-type");
            return type != null && type.startsWith("text/event-stream");
        }

        /** The next JSON-RPC message: the body of a JSON answer, or the next event of a stream; null at the end. */
        String next() throws IOException {
            String type = header("content-type");
            if (type != null && type.startsWith("application/json")) {
                if (jsonDone) {
                    return null;
                }
                jsonDone = true;
                return new String(body.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!isStream()) {
                body.readAllBytes();
                return null;
            }
            StringBuilder data = new StringBuilder();
            for (String line = readUtf8Line(body); line != null; line = readUtf8Line(body)) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        return data.toString();
                    }
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            return data.length() > 0 ? data.toString() : null;
        }

        /** Drops the connection with a reset (RST) instead of an orderly close. */
        void reset() {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // closing anyway
            }
            close();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }

        static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    break;
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        static String readUtf8Line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    break;
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            if (b == -1 && line.size() == 0) {
                return null;
            }
            return line.toString(StandardCharsets.UTF_8);
        }
    }

    /** A chunked transfer-coded body. */
    static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = Http.readLine(in);
                if (size != null && size.isEmpty()) {
                    size = Http.readLine(in);
                }
                if (size == null) {
                    done = true;
                    return -1;
                }
                int semi = size.indexOf(';');
                left = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b == -1) {
                done = true;
                return -1;
            }
            left--;
            return b;
        }
    }

    /** A body of a known length. */
    static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b != -1) {
                left--;
            }
            return b;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // A minimal JSON reader (objects to maps, arrays to lists), enough to read JSON-RPC messages.

    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String text) {
            Object value = new Json(text).value();
            return value instanceof Map ? (Map<String, Object>) value : Map.of();
        }

        private Object value() {
            skip();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    Map<String, Object> map = new LinkedHashMap<>();
                    i++;
                    skip();
                    if (s.charAt(i) == '}') {
                        i++;
                        return map;
                    }
                    while (true) {
                        skip();
                        String key = string();
                        skip();
                        i++; // ':'
                        map.put(key, value());
                        skip();
                        if (s.charAt(i++) == '}') {
                            return map;
                        }
                    }
                }
                case '[': {
                    List<Object> list = new ArrayList<>();
                    i++;
                    skip();
                    if (s.charAt(i) == ']') {
                        i++;
                        return list;
                    }
                    while (true) {
                        list.add(value());
                        skip();
                        if (s.charAt(i++) == ']') {
                            return list;
                        }
                    }
                }
                case '"':
                    return string();
                default: {
                    int start = i;
                    while (i < s.length() && ",}] \n\r\t".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                    String word = s.substring(start, i);
                    if (word.equals("null")) {
                        return null;
                    }
                    if (word.equals("true") || word.equals("false")) {
                        return Boolean.valueOf(word);
                    }
                    return Double.valueOf(word);
                }
            }
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'u' -> {
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> out.append(e);
                    }
                } else {
                    out.append(c);
                }
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        static String quote(String text) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    default -> out.append(c);
                }
            }
            return out.append('"').toString();
        }

        /** The numeric id of a message, or -1. */
        static long id(Map<String, Object> message) {
            Object id = message.get("id");
            if (id instanceof Double d) {
                return d.longValue();
            }
            if (id instanceof String text) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
            return -1;
        }

        static boolean isAnswer(Map<String, Object> message) {
            return !message.containsKey("method") && (message.containsKey("result") || message.containsKey("error"));
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object value) {
            return value instanceof Map ? (Map<String, Object>) value : Map.of();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The load

    static final class Load {
        final URI stateful;
        final URI stateless;
        final long seconds;
        final long burstAt;
        final Path out;
        final List<String> stdioCommand;
        final Ledger ledger = new Ledger();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Http> held = java.util.Collections.synchronizedList(new ArrayList<>());

        Load(URI stateful, URI stateless, long seconds, long burstAt, Path out, List<String> stdioCommand) {
            this.stateful = stateful;
            this.stateless = stateless;
            this.seconds = seconds;
            this.burstAt = burstAt;
            this.out = out;
            this.stdioCommand = stdioCommand;
        }

        int run() throws Exception {
            Stdio stdio = new Stdio(stdioCommand, ledger, out);
            Files.writeString(out.resolve("stdio.pid"), Long.toString(stdio.process.pid()));
            ExecutorService workers = Executors.newCachedThreadPool();
            List<Runnable> loops = new ArrayList<>();
            for (URI uri : List.of(stateful, stateless)) {
                boolean sessions = uri == stateful;
                String name = sessions ? "stateful" : "stateless";
                for (int w = 0; w < 3; w++) {
                    loops.add(() -> httpCalls(name, uri, sessions));
                }
                loops.add(() -> httpStreams(name, uri, sessions));
                loops.add(() -> httpElicitation(name, uri, sessions));
                loops.add(() -> httpDrops(name, uri));
                if (sessions) {
                    loops.add(() -> sessionChurn(uri));
                }
            }
            loops.add(() -> stdio.calls(running));
            loops.add(() -> stdio.calls(running));
            loops.add(() -> stdio.elicitation(running));
            loops.add(() -> stdioChurn());
            CountDownLatch done = new CountDownLatch(loops.size());
            for (Runnable loop : loops) {
                workers.execute(() -> {
                    try {
                        loop.run();
                    } catch (RuntimeException e) {
                        ledger.count("worker-crash." + e.getClass().getSimpleName());
                        e.printStackTrace();
                    } finally {
                        done.countDown();
                    }
                });
            }
            long start = System.nanoTime();
            boolean burstDone = false;
            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(seconds)) {
                Thread.sleep(1000);
                if (!burstDone && System.nanoTime() - start >= TimeUnit.SECONDS.toNanos(burstAt)) {
                    burstDone = true;
                    workers.execute(() -> burst(stateless));
                    workers.execute(() -> burst(stateful));
                }
            }
            running.set(false);
            log("load time is up; waiting for the workers to finish their last exchanges");
            done.await(10, TimeUnit.MINUTES);
            synchronized (held) {
                held.forEach(Http::close);
            }
            int stdioExit = stdio.drain();
            workers.shutdown();
            workers.awaitTermination(5, TimeUnit.MINUTES);
            long bad;
            try (PrintWriter report = new PrintWriter(Files.newBufferedWriter(out.resolve("ledger.txt")))) {
                bad = ledger.report(report);
                report.println("stdio_exit " + stdioExit);
            }
            log("ledger written to " + out.resolve("ledger.txt") + "; lost or answered twice: " + bad
                    + "; stdio exit " + stdioExit);
            return bad == 0 && stdioExit == 0 ? 0 : 1;
        }

        static void log(String message) {
            System.err.println("soak-driver: " + message);
        }

        static void pause(long minMillis, long maxMillis) {
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(minMillis, maxMillis + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        // ---- HTTP plumbing

        static Map<String, String> headers2025(String session) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("MCP-Protocol-Version", ERA_2025);
            if (session != null) {
                headers.put("Mcp-Session-Id", session);
            }
            return headers;
        }

        static Map<String, String> headers2026(String method, String name) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("MCP-Protocol-Version", ERA_2026);
            headers.put("Mcp-Method", method);
            if (name != null) {
                headers.put("Mcp-Name", name);
            }
            return headers;
        }

        static String call2025(long id, String tool, String arguments) {
            return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                    + "\",\"arguments\":" + arguments + "}}";
        }

        static String call2026(long id, String tool, String arguments, String extra) {
            return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                    + "\",\"arguments\":" + arguments + extra + "," + META_2026 + "}}";
        }

        /**
         * Sends one request that must be answered and reads its answer to the end, counting every answer with its
         * id. Returns the answer (the last one with the id), or null.
         */
        Map<String, Object> exchange(String scenario, URI uri, Map<String, String> headers, long id, String body,
                Consumer<Map<String, Object>> onOther) {
            Map<String, Object> answer = null;
            try (Http http = Http.send("POST", uri, headers, body)) {
                boolean anyJson = false;
                for (String text = http.next(); text != null; text = http.next()) {
                    anyJson = true;
                    Map<String, Object> message = Json.object(text);
                    if (Json.isAnswer(message)) {
                        long answered = Json.id(message);
                        if (answered == id) {
                            ledger.answered(id);
                            answer = message;
                        } else if (answered >= 0) {
                            ledger.answered(answered);
                            ledger.count(scenario + ".answer-for-another-id");
                        } else {
                            ledger.count(scenario + ".answer-without-id");
                        }
                    } else if (onOther != null) {
                        onOther.accept(message);
                    }
                }
                if (!anyJson) {
                    ledger.refused(id, http.status);
                }
                if (answer != null && answer.containsKey("error")) {
                    Object code = Json.map(answer.get("error")).get("code");
                    ledger.count(scenario + ".error" + (code == null ? "" : "." + ((Double) code).intValue()));
                }
            } catch (IOException | RuntimeException e) {
                ledger.failed(id, e.getClass().getSimpleName());
            }
            return answer;
        }

        String openSession(URI uri, String scenario) {
            long id = ledger.sent(scenario + ".initialize", true);
            String body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"" + ERA_2025 + "\",\"capabilities\":{\"elicitation\":{},"
                    + "\"sampling\":{}},\"clientInfo\":{\"name\":\"bulwark-soak\",\"version\":\"1\"}}}";
            String session = null;
            try (Http http = Http.send("POST", uri, Map.of(), body)) {
                session = http.header("mcp-session-id");
                String text = http.next();
                if (text != null && Json.id(Json.object(text)) == id) {
                    ledger.answered(id);
                } else {
                    ledger.refused(id, http.status);
                }
            } catch (IOException | RuntimeException e) {
                ledger.failed(id, e.getClass().getSimpleName());
                return null;
            }
            if (session == null) {
                return null;
            }
            try (Http http = Http.send("POST", uri, headers2025(session),
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")) {
                http.next();
            } catch (IOException e) {
                ledger.count(scenario + ".initialized-failed");
            }
            return session;
        }

        void deleteSession(URI uri, String session) {
            try (Http http = Http.send("DELETE", uri, headers2025(session), null)) {
                http.next();
                ledger.count("session.delete." + http.status);
            } catch (IOException e) {
                ledger.count("session.delete.io-error");
            }
        }

        static final String[][] TOOLS = {
            {"test_simple_text", "{}"},
            {"process_data", "{\"data\":{\"a\":{\"b\":%d}},\"operation\":\"transform\"}"},
            {"list_users", "{\"limit\":5}"},
            {"health_check", "{}"},
            {"test_tool_with_progress", "{}"},
            {"json_schema_2020_12_tool", "{\"email\":\"a@example.com\"}"},
            {"test_error_handling", "{}"},
        };

        static String[] someTool() {
            String[] tool = TOOLS[ThreadLocalRandom.current().nextInt(TOOLS.length)];
            return new String[] {tool[0], tool[1].replace("%d", Integer.toString(
                    ThreadLocalRandom.current().nextInt(50)))};
        }

        /** Plain calls of both eras, some answered as a stream (progress). */
        void httpCalls(String name, URI uri, boolean sessions) {
            String session = sessions ? openSession(uri, name + ".calls") : null;
            while (running.get()) {
                String[] tool = someTool();
                boolean era2026 = ThreadLocalRandom.current().nextBoolean();
                if (era2026) {
                    long id = ledger.sent(name + ".call2026", true);
                    exchange(name + ".call2026", uri, headers2026("tools/call", tool[0]), id,
                            call2026(id, tool[0], tool[1], ""), null);
                } else {
                    String scenario = name + ".call2025";
                    long id = ledger.sent(scenario, true);
                    Map<String, Object> answer = exchange(scenario, uri, headers2025(session), id,
                            call2025(id, tool[0], tool[1]), null);
                    if (sessions && answer == null) {
                        session = openSession(uri, name + ".calls");
                    }
                }
                pause(100, 400);
            }
            if (session != null) {
                deleteSession(uri, session);
            }
        }

        /** Sessions opened and abandoned (never deleted, left to expire) or deleted. */
        void sessionChurn(URI uri) {
            while (running.get()) {
                String session = openSession(uri, "stateful.churn");
                if (session != null) {
                    long id = ledger.sent("stateful.churn.call", true);
                    exchange("stateful.churn.call", uri, headers2025(session), id,
                            call2025(id, "test_simple_text", "{}"), null);
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        deleteSession(uri, session);
                    } else {
                        ledger.count("stateful.session-abandoned");
                    }
                }
                pause(1000, 3000);
            }
        }

        /** GET streams (stateful) and 2026 subscriptions/listen streams held for a while, then closed or reset. */
        void httpStreams(String name, URI uri, boolean sessions) {
            String session = sessions ? openSession(uri, name + ".streams") : null;
            while (running.get()) {
                boolean listen = !sessions || ThreadLocalRandom.current().nextBoolean();
                Http http = null;
                try {
                    if (listen) {
                        long id = ledger.sent(name + ".listen", false);
                        http = Http.send("POST", uri, headers2026("subscriptions/listen", null),
                                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"subscriptions/listen\","
                                        + "\"params\":{\"notifications\":{}," + META_2026 + "}}");
                        String first = http.next();
                        ledger.count(name + ".listen." + (first != null && first.contains("acknowledged")
                                ? "acknowledged" : "refused-" + http.status));
                    } else {
                        http = Http.send("GET", uri, headers2025(session), null);
                        ledger.count(name + ".get-stream." + http.status);
                        if (http.status == 404) {
                            session = openSession(uri, name + ".streams");
                        }
                    }
                    held.add(http);
                    pause(2000, 20000);
                    held.remove(http);
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        http.reset();
                        ledger.count(name + ".stream-reset");
                    } else {
                        http.close();
                        ledger.count(name + ".stream-closed");
                    }
                } catch (IOException | RuntimeException e) {
                    ledger.count(name + ".stream.io-error." + e.getClass().getSimpleName());
                    if (http != null) {
                        held.remove(http);
                        http.close();
                    }
                }
                pause(200, 1000);
            }
            if (session != null) {
                deleteSession(uri, session);
            }
        }

        /**
         * Calls whose client drops the connection before the answer: a 2026 call answered as a stream (progress),
         * dropped after its first event, and a 2025 call dropped right after sending.
         */
        void httpDrops(String name, URI uri) {
            String session = uri == stateful ? openSession(uri, name + ".drops") : null;
            while (running.get()) {
                boolean era2026 = ThreadLocalRandom.current().nextBoolean();
                try {
                    Http http;
                    if (era2026) {
                        long id = ledger.sent(name + ".drop2026", false);
                        http = Http.send("POST", uri, headers2026("tools/call", "test_tool_with_progress"),
                                call2026(id, "test_tool_with_progress", "{}", "").replace(
                                        "\"_meta\":{", "\"_meta\":{\"progressToken\":" + id + ","));
                    } else {
                        long id = ledger.sent(name + ".drop2025", false);
                        http = Http.send("POST", uri, headers2025(session),
                                call2025(id, "test_tool_with_progress", "{}"));
                    }
                    if (http.isStream()) {
                        http.next();
                    }
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        http.reset();
                    } else {
                        http.close();
                    }
                    ledger.count(name + ".dropped-mid-call");
                } catch (IOException | RuntimeException e) {
                    ledger.count(name + ".drop.io-error." + e.getClass().getSimpleName());
                }
                pause(300, 1500);
            }
            if (session != null) {
                deleteSession(uri, session);
            }
        }

        /**
         * Elicitation rounds. 2026: input_required, then the retry with the answer, or no retry (abandoned). 2025
         * (stateful only): the server's elicitation/create answered, left unanswered with the connection dropped,
         * or the call cancelled with notifications/cancelled while it waits.
         */
        void httpElicitation(String name, URI uri, boolean sessions) {
            String session = sessions ? openSession(uri, name + ".elicit") : null;
            while (running.get()) {
                int kind = ThreadLocalRandom.current().nextInt(sessions ? 5 : 2);
                String tool = "test_input_required_result_elicitation";
                if (kind <= 1) {
                    String scenario = name + ".round2026";
                    long id = ledger.sent(scenario, true);
                    Map<String, Object> answer = exchange(scenario, uri, headers2026("tools/call", tool), id,
                            call2026(id, tool, "{}", ""), null);
                    Map<String, Object> result = answer == null ? Map.of() : Json.map(answer.get("result"));
                    if ("input_required".equals(result.get("resultType"))) {
                        if (kind == 0) {
                            long retry = ledger.sent(scenario + ".answered", true);
                            Map<String, Object> last = exchange(scenario + ".answered", uri,
                                    headers2026("tools/call", tool), retry, call2026(retry, tool, "{}",
                                            ",\"inputResponses\":{\"user_name\":{\"action\":\"accept\","
                                                    + "\"content\":{\"name\":\"soak\"}}},\"requestState\":"
                                                    + Json.quote((String) result.get("requestState"))), null);
                            if (last != null && !String.valueOf(last).contains("Hello, soak!")) {
                                ledger.count(scenario + ".answered.unexpected-result");
                            }
                        } else {
                            ledger.count(scenario + ".abandoned");
                        }
                    } else {
                        ledger.count(scenario + ".not-input-required");
                    }
                } else {
                    elicitation2025(uri, session, kind);
                }
                pause(300, 1500);
            }
            if (session != null) {
                deleteSession(uri, session);
            }
        }

        void elicitation2025(URI uri, String session, int kind) {
            String scenario = switch (kind) {
                case 2 -> "stateful.elicit2025.answered";
                case 3 -> "stateful.elicit2025.cancelled";
                default -> "stateful.elicit2025.abandoned";
            };
            boolean mustAnswer = kind != 4;
            long id = ledger.sent(scenario, mustAnswer);
            try (Http http = Http.send("POST", uri, headers2025(session),
                    call2025(id, "test_elicitation", "{\"message\":\"soak\"}"))) {
                boolean asked = false;
                for (String text = http.next(); text != null; text = http.next()) {
                    Map<String, Object> message = Json.object(text);
                    if ("elicitation/create".equals(message.get("method")) && !asked) {
                        asked = true;
                        Object requestId = message.get("id");
                        String rid = requestId instanceof String s ? Json.quote(s)
                                : Long.toString(((Double) requestId).longValue());
                        if (kind == 2) {
                            post(uri, session, "{\"jsonrpc\":\"2.0\",\"id\":" + rid + ",\"result\":{\"action\":"
                                    + "\"accept\",\"content\":{\"username\":\"soak\",\"email\":\"s@example.com\"}}}");
                        } else if (kind == 3) {
                            post(uri, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\","
                                    + "\"params\":{\"requestId\":" + id + ",\"reason\":\"soak\"}}");
                        } else {
                            http.reset();
                            ledger.count(scenario + ".dropped");
                            return;
                        }
                    } else if (Json.isAnswer(message)) {
                        long answered = Json.id(message);
                        ledger.answered(answered);
                        if (answered != id) {
                            ledger.count(scenario + ".answer-for-another-id");
                        }
                    }
                }
                if (!asked) {
                    ledger.count(scenario + ".never-asked-" + http.status);
                    if (!mustAnswer) {
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                ledger.failed(id, e.getClass().getSimpleName());
            }
        }

        void post(URI uri, String session, String body) {
            try (Http http = Http.send("POST", uri, headers2025(session), body)) {
                http.next();
                ledger.count("client-message." + http.status);
            } catch (IOException e) {
                ledger.count("client-message.io-error");
            }
        }

        /** Many calls at once over the rate limit; every one must be answered (allowed or refused). */
        void burst(URI uri) {
            String name = uri == stateful ? "stateful" : "stateless";
            log("burst over the rate limit on the " + name + " server");
            ExecutorService pool = Executors.newFixedThreadPool(32);
            for (int i = 0; i < 1200; i++) {
                pool.execute(() -> {
                    long id = ledger.sent(name + ".burst", true);
                    Map<String, Object> answer = exchange(name + ".burst", uri,
                            headers2026("tools/call", "test_simple_text"), id, call2026(id, "test_simple_text", "{}", ""),
                            null);
                    Map<String, Object> result = answer == null ? Map.of() : Json.map(answer.get("result"));
                    if (Boolean.TRUE.equals(result.get("isError"))) {
                        String text = String.valueOf(result.get("content")).toLowerCase(Locale.ROOT);
                        ledger.count(name + ".burst.refused" + (text.contains("rate limit") ? ".rate-limited"
                                : text.contains("busy") || text.contains("concurrent") ? ".busy" : ".other"));
                    } else if (answer != null && answer.containsKey("result")) {
                        ledger.count(name + ".burst.allowed");
                    }
                });
            }
            pool.shutdown();
            try {
                pool.awaitTermination(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log("burst on the " + name + " server done");
        }

        /** Short stdio sessions, opened and ended by closing input or abandoned by a kill. */
        void stdioChurn() {
            while (running.get()) {
                pause(40_000, 60_000);
                if (!running.get()) {
                    break;
                }
                try {
                    Stdio extra = new Stdio(stdioCommand, ledger, out, "stdio-churn");
                    extra.initialize("stdio.churn");
                    extra.callAndWait("stdio.churn.call", "test_simple_text", "{}");
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        int exit = extra.drain();
                        ledger.count("stdio.churn.end-of-input.exit-" + exit);
                    } else {
                        extra.process.destroyForcibly();
                        extra.process.waitFor();
                        ledger.count("stdio.churn.killed");
                    }
                } catch (IOException | InterruptedException | RuntimeException e) {
                    ledger.count("stdio.churn.io-error." + e.getClass().getSimpleName());
                }
            }
        }
    }

    /** One stdio server process and its client side. Thread-safe. */
    static final class Stdio {
        final Process process;
        final Ledger ledger;
        final PrintWriter in;
        final Map<Long, java.util.concurrent.CompletableFuture<Map<String, Object>>> waiting =
                new ConcurrentHashMap<>();
        final BlockingQueue<Map<String, Object>> serverRequests = new LinkedBlockingQueue<>();
        final Thread reader;

        Stdio(List<String> command, Ledger ledger, Path out) throws IOException {
            this(command, ledger, out, "stdio");
        }

        Stdio(List<String> command, Ledger ledger, Path out, String name) throws IOException {
            this.ledger = ledger;
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.redirectError(ProcessBuilder.Redirect.appendTo(out.resolve(name + ".log").toFile()));
            process = builder.start();
            in = new PrintWriter(new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8),
                    true);
            reader = new Thread(this::read, name + "-reader");
            reader.setDaemon(true);
            reader.start();
            if (name.equals("stdio")) {
                initialize("stdio");
            }
        }

        void initialize(String scenario) {
            long id = ledger.sent(scenario + ".initialize", true);
            send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                    + ERA_2025 + "\",\"capabilities\":{\"elicitation\":{},\"sampling\":{}},\"clientInfo\":{\"name\":"
                    + "\"bulwark-soak\",\"version\":\"1\"}}}");
            await(id, 120);
            send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        }

        synchronized void send(String line) {
            in.println(line);
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Map<String, Object> message;
                    try {
                        message = Json.object(line);
                    } catch (RuntimeException e) {
                        ledger.count("stdio.unparsable-line");
                        continue;
                    }
                    if (Json.isAnswer(message)) {
                        long id = Json.id(message);
                        ledger.answered(id);
                        var future = waiting.remove(id);
                        if (future != null) {
                            future.complete(message);
                        }
                    } else if (message.containsKey("method") && message.containsKey("id")) {
                        serverRequests.add(message);
                    }
                }
            } catch (IOException e) {
                ledger.count("stdio.read-error");
            }
        }

        Map<String, Object> await(long id, long seconds) {
            var future = waiting.computeIfAbsent(id, k -> new java.util.concurrent.CompletableFuture<>());
            try {
                return future.get(seconds, TimeUnit.SECONDS);
            } catch (Exception e) {
                waiting.remove(id);
                ledger.count("stdio.no-answer-within-" + seconds + "s");
                return null;
            }
        }

        Map<String, Object> callAndWait(String scenario, String tool, String arguments) {
            long id = ledger.sent(scenario, true);
            waiting.put(id, new java.util.concurrent.CompletableFuture<>());
            send(Load.call2025(id, tool, arguments));
            return await(id, 120);
        }

        void calls(AtomicBoolean running) {
            while (running.get()) {
                String[] tool = Load.someTool();
                if (ThreadLocalRandom.current().nextBoolean()) {
                    callAndWait("stdio.call2025", tool[0], tool[1]);
                } else {
                    long id = ledger.sent("stdio.call2026", true);
                    waiting.put(id, new java.util.concurrent.CompletableFuture<>());
                    send(Load.call2026(id, tool[0], tool[1], ""));
                    await(id, 120);
                }
                Load.pause(100, 400);
            }
        }

        /**
         * Elicitation over stdio: 2025 answered, cancelled (notifications/cancelled) or abandoned (never answered:
         * the call ends at its timeout); 2026 rounds answered or abandoned; 2026 listens opened and cancelled.
         */
        void elicitation(AtomicBoolean running) {
            List<Long> abandoned = new ArrayList<>();
            while (running.get()) {
                int kind = ThreadLocalRandom.current().nextInt(5);
                if (kind <= 2) {
                    String scenario = switch (kind) {
                        case 0 -> "stdio.elicit2025.answered";
                        case 1 -> "stdio.elicit2025.cancelled";
                        default -> "stdio.elicit2025.abandoned";
                    };
                    long id = ledger.sent(scenario, true);
                    waiting.put(id, new java.util.concurrent.CompletableFuture<>());
                    send(Load.call2025(id, "test_elicitation", "{\"message\":\"soak\"}"));
                    Map<String, Object> request;
                    try {
                        request = serverRequests.poll(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    if (request == null) {
                        ledger.count(scenario + ".never-asked");
                        continue;
                    }
                    Object requestId = request.get("id");
                    String rid = requestId instanceof String s ? Json.quote(s)
                            : Long.toString(((Double) requestId).longValue());
                    if (kind == 0) {
                        send("{\"jsonrpc\":\"2.0\",\"id\":" + rid + ",\"result\":{\"action\":\"accept\",\"content\":"
                                + "{\"username\":\"soak\",\"email\":\"s@example.com\"}}}");
                        await(id, 120);
                    } else if (kind == 1) {
                        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":"
                                + id + ",\"reason\":\"soak\"}}");
                        await(id, 120);
                    } else {
                        abandoned.add(id);
                        ledger.count(scenario + ".left-unanswered");
                    }
                } else if (kind == 3) {
                    String tool = "test_input_required_result_elicitation";
                    long id = ledger.sent("stdio.round2026", true);
                    waiting.put(id, new java.util.concurrent.CompletableFuture<>());
                    send(Load.call2026(id, tool, "{}", ""));
                    Map<String, Object> answer = await(id, 120);
                    Map<String, Object> result = answer == null ? Map.of() : Json.map(answer.get("result"));
                    if ("input_required".equals(result.get("resultType"))
                            && ThreadLocalRandom.current().nextBoolean()) {
                        long retry = ledger.sent("stdio.round2026.answered", true);
                        waiting.put(retry, new java.util.concurrent.CompletableFuture<>());
                        send(Load.call2026(retry, tool, "{}", ",\"inputResponses\":{\"user_name\":{\"action\":"
                                + "\"accept\",\"content\":{\"name\":\"soak\"}}},\"requestState\":"
                                + Json.quote(String.valueOf(result.get("requestState")))));
                        await(retry, 120);
                    } else {
                        ledger.count("stdio.round2026.abandoned");
                    }
                } else {
                    long id = ledger.sent("stdio.listen", false);
                    send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"subscriptions/listen\",\"params\":{"
                            + "\"notifications\":{}," + META_2026 + "}}");
                    Load.pause(1000, 10000);
                    send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":"
                            + id + ",\"reason\":\"soak\"}}");
                }
                Load.pause(300, 1500);
            }
        }

        /** Closes the server's input (end of input: its drain) and waits for it to exit; returns its exit code. */
        int drain() {
            synchronized (this) {
                in.close();
            }
            try {
                if (!process.waitFor(3, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    return -1;
                }
                reader.join(10_000);
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // The judgement

    /**
     * Reads the per-minute samples and says, for each server and figure, whether it grows after the warm-up: the
     * least-squares slope over the minutes after the warm-up, times the length of that window, must stay within
     * max(2 × the residual standard deviation, the figure's absolute floor). Also compares each counter's idle
     * value after the load with its value before the load.
     */
    static final class Judge {
        static int run(Path csv, int warmupMinutes, int laterFrom) throws IOException {
            List<String> lines = Files.readAllLines(csv);
            String[] header = lines.get(0).split(",");
            Map<String, List<String[]>> perServer = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] row = line.split(",", -1);
                perServer.computeIfAbsent(row[2], k -> new ArrayList<>()).add(row);
            }
            int failures = 0;
            System.out.println("| server | figure | first | last | min | max | slope per minute | growth over window"
                    + " | bound | verdict |" + (laterFrom >= 0 ? " growth from minute " + laterFrom + " / bound |" : ""));
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---|" + (laterFrom >= 0 ? "---:|" : ""));
            for (Map.Entry<String, List<String[]>> entry : perServer.entrySet()) {
                List<String[]> rows = entry.getValue();
                for (int col = 4; col < header.length; col++) {
                    List<double[]> points = new ArrayList<>();
                    double first = Double.NaN, last = Double.NaN, min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
                    for (String[] row : rows) {
                        if (!row[1].equals("load") || row[col].isEmpty()) {
                            continue;
                        }
                        double minute = Double.parseDouble(row[0]);
                        double value = Double.parseDouble(row[col]);
                        if (minute < warmupMinutes) {
                            continue;
                        }
                        points.add(new double[] {minute, value});
                        first = Double.isNaN(first) ? value : first;
                        last = value;
                        min = Math.min(min, value);
                        max = Math.max(max, value);
                    }
                    if (points.size() < 3) {
                        continue;
                    }
                    double[] fit = fit(points);
                    double window = points.get(points.size() - 1)[0] - points.get(0)[0];
                    double growth = fit[0] * window;
                    double bound = Math.max(2 * fit[1], floor(header[col]));
                    boolean ok = growth <= bound;
                    failures += ok ? 0 : 1;
                    String later = "";
                    if (laterFrom >= 0) {
                        List<double[]> tail = points.stream().filter(p -> p[0] >= laterFrom).toList();
                        if (tail.size() >= 3) {
                            double[] tailFit = fit(tail);
                            later = String.format(Locale.ROOT, " %.1f / %.1f |",
                                    tailFit[0] * (tail.get(tail.size() - 1)[0] - tail.get(0)[0]),
                                    Math.max(2 * tailFit[1], floor(header[col])));
                        } else {
                            later = " |";
                        }
                    }
                    System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.1f | %.1f | %s |%s%n",
                            entry.getKey(), header[col], first, last, min, max, fit[0], growth, bound,
                            ok ? "flat" : "GROWS", later);
                }
            }
            System.out.println();
            System.out.println("| server | figure | idle before the load | idle after the load | verdict |");
            System.out.println("|---|---|---:|---:|---|");
            for (Map.Entry<String, List<String[]>> entry : perServer.entrySet()) {
                String[] before = null, after = null;
                for (String[] row : entry.getValue()) {
                    if (row[1].equals("idle-before")) {
                        before = row;
                    } else if (row[1].equals("idle-after")) {
                        after = row;
                    }
                }
                if (before == null || after == null) {
                    continue;
                }
                for (int col = 4; col < header.length; col++) {
                    if (before[col].isEmpty() || after[col].isEmpty()) {
                        continue;
                    }
                    boolean counter = isCounter(header[col]);
                    boolean ok = Double.parseDouble(after[col]) <= Double.parseDouble(before[col]);
                    failures += ok || !counter ? 0 : 1;
                    System.out.printf("| %s | %s | %s | %s | %s |%n", entry.getKey(), header[col], before[col],
                            after[col], !counter ? "resource (judged by slope)" : ok ? "back to idle" : "NOT BACK");
                }
            }
            System.out.println();
            System.out.println(failures == 0 ? "verdict: nothing grows, every counter is back to idle"
                    : "verdict: " + failures + " figure(s) grow or are not back to idle");
            return failures == 0 ? 0 : 1;
        }

        /**
         * Counters that must be back to their idle value once the load stops. The rest are resources (memory,
         * threads, descriptors) that pools and class loading keep after the first load: judged by their slope.
         */
        static boolean isCounter(String name) {
            return !isMemory(name) && !name.equals("threads") && !name.equals("fds");
        }

        /** Memory figures, in KiB: the heap after a full GC, metaspace, resident, native and code cache. */
        static boolean isMemory(String name) {
            return name.startsWith("heap") || name.startsWith("rss") || name.startsWith("metaspace")
                    || name.startsWith("native") || name.startsWith("code");
        }

        /** The smallest growth over the window that counts, whatever the noise: a few units of each figure. */
        static double floor(String name) {
            if (isMemory(name)) {
                return 8 * 1024; // KiB
            }
            if (name.equals("threads") || name.equals("fds")) {
                return 8;
            }
            return 4;
        }

        /** Least-squares slope of value on minute, and the standard deviation of the residuals. */
        static double[] fit(List<double[]> points) {
            int n = points.size();
            double sx = 0, sy = 0;
            for (double[] p : points) {
                sx += p[0];
                sy += p[1];
            }
            double mx = sx / n, my = sy / n, sxx = 0, sxy = 0;
            for (double[] p : points) {
                sxx += (p[0] - mx) * (p[0] - mx);
                sxy += (p[0] - mx) * (p[1] - my);
            }
            double slope = sxx == 0 ? 0 : sxy / sxx;
            double ss = 0;
            for (double[] p : points) {
                double r = p[1] - (my + slope * (p[0] - mx));
                ss += r * r;
            }
            return new double[] {slope, Math.sqrt(ss / Math.max(1, n - 2))};
        }
    }
}
