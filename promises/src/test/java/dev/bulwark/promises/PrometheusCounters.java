package dev.bulwark.promises;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counters of a server process, read from its {@code /metrics} endpoint (the Prometheus text format): a counter
 * Micrometer names {@code mcp.errors} is {@code mcp_errors_total} there.
 */
final class PrometheusCounters implements Counters {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final URI metrics;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    PrometheusCounters(URI metrics) {
        this.metrics = metrics;
    }

    private record Sample(Map<String, String> labels, double value) {}

    @Override
    public double sum(String name, Map<String, String> tags) throws Exception {
        return samples(name).stream()
                .filter(sample -> sample.labels().entrySet().containsAll(tags.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    @Override
    public List<String> describe(String name) throws Exception {
        return samples(name).stream()
                .filter(sample -> sample.value() > 0)
                .map(sample -> sample.labels() + "=" + sample.value())
                .toList();
    }

    /** The samples of the counter Micrometer names {@code name}. */
    private List<Sample> samples(String name) throws Exception {
        String counter = name.replace('.', '_') + "_total";
        HttpResponse<String> scraped = client.send(
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (scraped.statusCode() != 200) {
            throw new AssertionError("GET " + metrics + " answered " + scraped.statusCode());
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : scraped.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(counter)) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(labels, Double.parseDouble(sample.group(3))));
        }
        return samples;
    }
}
