package dev.bulwark.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.core.Tool;
import dev.bulwark.ports.health.ComponentHealth;
import dev.bulwark.ports.health.Criticality;
import dev.bulwark.ports.outbound.HttpMethod;
import dev.bulwark.ports.outbound.ServiceClient;
import dev.bulwark.ports.outbound.ServiceDescriptor;
import dev.bulwark.ports.outbound.ServiceRequest;
import dev.bulwark.ports.outbound.ServiceResponse;
import dev.bulwark.tools.business.openapi.DocumentReader;
import dev.bulwark.tools.business.openapi.OpenApiDocumentException;
import dev.bulwark.tools.business.openapi.OpenApiProblem;
import dev.bulwark.tools.business.openapi.OperationCatalog;
import dev.bulwark.tools.business.openapi.OperationSelection;
import dev.bulwark.tools.business.openapi.OperationSpec;
import dev.bulwark.tools.business.services.ApiCallService;
import dev.bulwark.tools.business.services.ApiToolSettings;
import dev.bulwark.tools.data.services.ServiceAccess;
import dev.bulwark.tools.presentation.openapi.OperationTools;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads every OpenAPI document under a directory as the server jar reads a service's local document with every
 * operation listed ({@code openapi-operations: [*]}): the same reader, catalogue and tool builder, the size cap the
 * configuration allows at most, and the default parse timeout. Prints how many documents start, how many operations
 * become tools, and each problem grouped by its cause. Run by {@code scripts/openapi-corpus.sh}; see
 * docs/performance.md, "Real-world OpenAPI documents".
 *
 * <p>Arguments: the directory, then optionally how many documents to read (every {@code n}-th of the sorted list, so
 * a sample spreads over the whole corpus). System properties: {@code corpus.timeout} (the parse timeout, ISO-8601,
 * default the reader's), {@code corpus.examples} (examples per cause, default 3), {@code corpus.results} (a file to
 * write one line per document to), {@code corpus.skip} (a regular expression of files left out).
 */
public final class OpenApiCorpus {

    private static final String SERVICE = "corpus";
    private static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");

    /** What became of one document. */
    private record Outcome(
            String file,
            long bytes,
            long parseMillis,
            long millis,
            boolean parsed,
            boolean started,
            int operations,
            int tools,
            int toolsWithoutRefused,
            List<String> documentProblems,
            List<String> operationProblems) {}

    private final DocumentReader reader;
    private final ServiceDescriptor descriptor;
    private final ApiCallService calls;
    private final ObjectMapper mapper = new ObjectMapper();

    /** Each problem as the server jar words it: its key, then why. */
    private static List<String> lines(List<OpenApiProblem> problems) {
        return problems.stream()
                .map(problem -> problem.configKey() + ": " + problem.configReason())
                .toList();
    }

    private OpenApiCorpus(Duration parseTimeout) {
        this.reader = new DocumentReader(MAX_BYTES, parseTimeout);
        this.descriptor = new ServiceDescriptor(
                SERVICE,
                "",
                Criticality.OPTIONAL,
                EnumSet.allOf(HttpMethod.class),
                "services:corpus:read",
                "services:corpus:write",
                Duration.ofSeconds(5),
                "Authorization");
        ServiceClient client = new ServiceClient() {
            @Override
            public List<ServiceDescriptor> services() {
                return List.of(descriptor);
            }

            @Override
            public ComponentHealth health(String service) {
                throw new UnsupportedOperationException("nothing is called");
            }

            @Override
            public ServiceResponse send(ServiceRequest request) {
                throw new UnsupportedOperationException("nothing is called");
            }
        };
        this.calls = ApiCallService.on(new ServiceAccess(client), mapper, ApiToolSettings.defaults());
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: OpenApiCorpus DIRECTORY [SAMPLE-SIZE]");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(file -> file.toString().matches(".*\\.(json|ya?ml)$"))
                    .filter(file -> !file.toString().matches(System.getProperty("corpus.skip", "^$")))
                    .sorted()
                    .toList();
        }
        int found = files.size();
        if (args.length > 1) {
            int sample = Integer.parseInt(args[1]);
            if (sample < found) {
                List<Path> picked = new ArrayList<>();
                for (int i = 0; i < sample; i++) {
                    picked.add(files.get((int) ((long) i * found / sample)));
                }
                files = picked;
            }
        }
        Duration timeout = Duration.parse(System.getProperty("corpus.timeout", "PT10S"));
        OpenApiCorpus corpus = new OpenApiCorpus(timeout);
        PrintStream results = System.getProperty("corpus.results") == null
                ? null
                : new PrintStream(Files.newOutputStream(Path.of(System.getProperty("corpus.results"))), true, "UTF-8");
        List<Outcome> outcomes = new ArrayList<>();
        long started = System.nanoTime();
        for (Path file : files) {
            Outcome outcome = corpus.read(root.relativize(file).toString(), file);
            outcomes.add(outcome);
            if (results != null) {
                results.println(outcome.file() + "\t" + outcome.bytes() + "\t" + outcome.parseMillis() + "\t"
                        + outcome.millis() + "\t"
                        + (outcome.started() ? "started" : "refused") + "\t" + outcome.operations() + "\t"
                        + outcome.tools() + "\t" + outcome.toolsWithoutRefused() + "\t"
                        + String.join(" | ", outcome.documentProblems()) + "\t"
                        + String.join(" | ", outcome.operationProblems()));
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        report(found, outcomes, seconds, Integer.getInteger("corpus.examples", 3), timeout);
        if (results != null) {
            results.close();
        }
        System.exit(verdict(outcomes, Integer.getInteger("corpus.minStarted", 0)));
    }

    /**
     * The exit status of a run, for CI: 1 when a reading crashed, or when fewer documents start with every operation
     * than {@code minStarted} (the figure docs/performance.md gives, so that no change serves fewer); 0 otherwise.
     */
    private static int verdict(List<Outcome> outcomes, int minStarted) {
        long crashed = outcomes.stream()
                .filter(o -> Stream.concat(o.documentProblems().stream(), o.operationProblems().stream())
                        .anyMatch(problem -> problem.startsWith("CRASH ")))
                .count();
        long started = outcomes.stream().filter(Outcome::started).count();
        if (crashed > 0) {
            System.out.printf("FAILED: %d documents crashed the reading%n", crashed);
            return 1;
        }
        if (started < minStarted) {
            System.out.printf("FAILED: %d documents start with every operation, fewer than %d%n", started, minStarted);
            return 1;
        }
        return 0;
    }

    private Outcome read(String name, Path file) {
        long start = cpuNanos();
        long size = -1;
        int operations = 0;
        boolean parsed = false;
        long parse = -1;
        try {
            byte[] bytes = Files.readAllBytes(file);
            size = bytes.length;
            OpenAPI document = reader.read(SERVICE, bytes);
            bytes = null;
            parsed = true;
            parse = millis(start);
            operations = count(document);
            try {
                List<OperationSpec> specs = specs(document, List.of("*"));
                return new Outcome(
                        name,
                        size,
                        parse,
                        millis(start),
                        true,
                        true,
                        operations,
                        specs.size(),
                        specs.size(),
                        List.of(),
                        List.of());
            } catch (OpenApiDocumentException e) {
                return refusedOperations(name, size, parse, start, document, operations, lines(e.problems()));
            }
        } catch (OpenApiDocumentException e) {
            return new Outcome(
                    name, size, parse, millis(start), false, false, operations, 0, 0, lines(e.problems()), List.of());
        } catch (IOException e) {
            return new Outcome(
                    name, size, parse, millis(start), false, false, 0, 0, 0, List.of("unreadable: " + e), List.of());
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return new Outcome(
                    name, size, parse, millis(start), parsed, false, operations, 0, 0, List.of(crash(e)), List.of());
        }
    }

    /** The catalogue's operations for {@code selectors}, each also built as the server's tool. */
    private List<OperationSpec> specs(OpenAPI document, List<String> selectors) {
        List<OperationSpec> specs =
                OperationCatalog.operations(descriptor, document, new OperationSelection(selectors), Map.of());
        List<Tool<?, ?>> tools = OperationTools.create(specs, calls, mapper, id -> Tool.TaskSupport.FORBIDDEN);
        if (tools.size() != specs.size()) {
            throw new IllegalStateException("made " + tools.size() + " tools of " + specs.size() + " operations");
        }
        return specs;
    }

    /**
     * The outcome of a document some of whose operations are refused: the problems that name an operation are that
     * operation's; the others are the document's. The operations not refused are then chosen by their operationId or
     * their method and path, as an operator would list them, to count the tools they make.
     */
    private Outcome refusedOperations(
            String name, long size, long parse, long start, OpenAPI document, int operations, List<String> problems) {
        List<String> documentProblems = new ArrayList<>();
        List<String> operationProblems = new ArrayList<>();
        List<String> refusedLabels = new ArrayList<>();
        List<String[]> all = operations(document);
        for (String problem : problems) {
            String label = all.stream()
                    .map(operation -> operation[0])
                    .filter(candidate -> problem.contains(" operation " + candidate + " ")
                            || problem.contains(" operation " + candidate + ":"))
                    .findFirst()
                    .orElse(null);
            if (label == null) {
                documentProblems.add(problem);
            } else {
                operationProblems.add(problem);
                refusedLabels.add(label);
            }
        }
        int served = 0;
        if (documentProblems.isEmpty()) {
            List<String> selectors = all.stream()
                    .filter(operation -> !refusedLabels.contains(operation[0]))
                    .map(operation -> operation[1])
                    .toList();
            if (!selectors.isEmpty()) {
                try {
                    served = specs(document, selectors).size();
                } catch (OpenApiDocumentException e) {
                    documentProblems.add("with the refused operations left out: "
                            + e.problems().get(0));
                } catch (RuntimeException | StackOverflowError e) {
                    documentProblems.add(crash(e));
                }
            }
        }
        return new Outcome(
                name,
                size,
                parse,
                millis(start),
                true,
                false,
                operations,
                0,
                served,
                documentProblems,
                operationProblems);
    }

    /** Each operation's label (as the catalogue names it) and its selector. */
    private static List<String[]> operations(OpenAPI document) {
        List<String[]> labels = new ArrayList<>();
        if (document.getPaths() == null) {
            return labels;
        }
        document.getPaths().forEach((path, item) -> {
            if (item.readOperationsMap() == null) {
                return;
            }
            item.readOperationsMap().forEach((method, operation) -> {
                String id = operation.getOperationId();
                String label = id != null ? id : method + " " + path;
                String selector = id != null && !id.isBlank() ? id : method + " " + path;
                labels.add(new String[] {label, selector});
            });
        });
        labels.sort(
                Comparator.comparingInt((String[] label) -> label[0].length()).reversed());
        return labels;
    }

    private static int count(OpenAPI document) {
        int count = 0;
        if (document.getPaths() != null) {
            for (PathItem item : document.getPaths().values()) {
                count += item.readOperationsMap().size();
            }
        }
        return count;
    }

    private static String crash(Throwable e) {
        StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
        return "CRASH " + e.getClass().getName() + ": " + e.getMessage() + (at == null ? "" : " at " + at);
    }

    /**
     * The CPU milliseconds this process has used since {@code start} (a {@link #cpuNanos()}): on a shared machine,
     * wall-clock time says more about the other processes than about the reading.
     */
    private static long millis(long start) {
        return Duration.ofNanos(cpuNanos() - start).toMillis();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A problem without its key, operation and quoted names: what it has in common with others of its cause. */
    static String cause(String problem) {
        String text = problem;
        if (text.startsWith("CRASH ")) {
            int at = text.indexOf(" at ");
            int colon = text.indexOf(':');
            return "CRASH " + text.substring(6, colon < 0 ? text.length() : colon) + (at < 0 ? "" : text.substring(at));
        }
        text = text.replaceFirst("^with the refused operations left out: ", "");
        text = text.replaceFirst("^services\\." + SERVICE + "\\.[a-z-]+: ", "");
        text = text.replaceFirst("^operation .*? (needs|has|takes|answers|is|uses|gives|refers|and) ", "operation $1 ");
        text = QUOTED.matcher(text).replaceAll("'…'");
        text = NUMBER.matcher(text).replaceAll("N");
        text = text.replaceAll("\\([^)]*\\)", "(…)");
        return text.length() > 160 ? text.substring(0, 157) + "..." : text;
    }

    private static void report(int found, List<Outcome> outcomes, long seconds, int examples, Duration timeout) {
        int tried = outcomes.size();
        long started = outcomes.stream().filter(Outcome::started).count();
        long parsed = outcomes.stream().filter(Outcome::parsed).count();
        long operations = outcomes.stream().mapToLong(Outcome::operations).sum();
        long tools = outcomes.stream().mapToLong(Outcome::tools).sum();
        long toolsWithoutRefused =
                outcomes.stream().mapToLong(Outcome::toolsWithoutRefused).sum();
        long refusedOperations =
                outcomes.stream().mapToLong(o -> o.operationProblems().size()).sum();
        long onlyOperationsRefused = outcomes.stream()
                .filter(o -> !o.started() && o.documentProblems().isEmpty())
                .count();
        System.out.printf(
                "documents found:                 %d (%d read; parse timeout %d s)%n",
                found, tried, timeout.toSeconds());
        System.out.printf("documents parsed:                %d%n", parsed);
        System.out.printf("documents that start (all ops):  %d%n", started);
        System.out.printf("documents refused for some operations only: %d%n", onlyOperationsRefused);
        System.out.printf("operations in parsed documents:  %d%n", operations);
        System.out.printf("operations that became tools:    %d (in documents that start)%n", tools);
        System.out.printf("operations refused, each named:  %d%n", refusedOperations);
        System.out.printf("tools with refused operations left out of the list: %d%n", toolsWithoutRefused);
        System.out.printf("time:                            %d s (wall clock)%n", seconds);
        print("document problems", outcomes, Outcome::documentProblems, examples);
        print("operation problems", outcomes, Outcome::operationProblems, examples);
        System.out.println();
        System.out.println("slowest documents (CPU time of the process: reading and making the tools):");
        outcomes.stream()
                .sorted(Comparator.comparingLong(Outcome::millis).reversed())
                .limit(5)
                .forEach(o -> System.out.printf(
                        "  %6d ms (parse %d ms)  %9d bytes  %s%n", o.millis(), o.parseMillis(), o.bytes(), o.file()));
    }

    private static void print(
            String title,
            List<Outcome> outcomes,
            java.util.function.Function<Outcome, List<String>> problems,
            int examples) {
        Map<String, List<String>> byCause = new TreeMap<>();
        Map<String, java.util.Set<String>> documents = new LinkedHashMap<>();
        for (Outcome outcome : outcomes) {
            for (String problem : problems.apply(outcome)) {
                String cause = cause(problem);
                byCause.computeIfAbsent(cause, c -> new ArrayList<>()).add(outcome.file() + ": " + problem);
                documents.computeIfAbsent(cause, c -> new java.util.TreeSet<>()).add(outcome.file());
            }
        }
        System.out.println();
        System.out.println(title + " by cause (problems, documents):");
        byCause.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<String>> e) ->
                                e.getValue().size())
                        .reversed())
                .forEach(entry -> {
                    System.out.printf(
                            "%6d %5d  %s%n",
                            entry.getValue().size(),
                            documents.get(entry.getKey()).size(),
                            entry.getKey());
                    entry.getValue().stream()
                            .limit(examples)
                            .forEach(example -> System.out.println("                 e.g. "
                                    + (example.length() > 300 ? example.substring(0, 297) + "..." : example)));
                });
    }
}
