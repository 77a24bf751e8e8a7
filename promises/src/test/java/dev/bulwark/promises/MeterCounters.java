package dev.bulwark.promises;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.util.List;
import java.util.Map;

/** The counters of a server in the test's own process, read from the registry it counts on. */
record MeterCounters(MeterRegistry registry) implements Counters {

    @Override
    public double sum(String name, Map<String, String> tags) {
        Search search = registry.find(name);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            search = search.tag(tag.getKey(), tag.getValue());
        }
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public List<String> describe(String name) {
        return registry.find(name).counters().stream()
                .filter(counter -> counter.count() > 0)
                .map(counter -> counter.getId().getTags() + "=" + counter.count())
                .toList();
    }
}
