package dev.bulwark.core.internal.presentation.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.ResourceWatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResourceSubscribersTest {

    /** Records what it is told; refuses {@code refused://...}. */
    private static final class RecordingWatch implements ResourceWatch {
        final List<String> told = new ArrayList<>();

        @Override
        public boolean watches(String uri) {
            return true;
        }

        @Override
        public void watch(String uri) {
            if (uri.startsWith("refused://")) {
                throw new RefusedException("not followed");
            }
            told.add("+" + uri);
        }

        @Override
        public void unwatch(String uri) {
            told.add("-" + uri);
        }
    }

    private final RecordingWatch watch = new RecordingWatch();
    private final ResourceSubscribers subscribers = new ResourceSubscribers(watch);

    @Test
    void aUriIsWatchedAtItsFirstSubscriberAndLetGoAtItsLast() {
        subscribers.subscribe("notes://a", "one");
        subscribers.subscribe("notes://a", "two");
        subscribers.unsubscribe("notes://a", "one");

        assertThat(watch.told).containsExactly("+notes://a");

        subscribers.unsubscribe("notes://a", "two");

        assertThat(watch.told).containsExactly("+notes://a", "-notes://a");
    }

    @Test
    void aSubscriberThatEndsLetsGoOfEveryUriOnlyItWanted() {
        subscribers.subscribe("notes://a", "one");
        subscribers.subscribe("notes://b", "one");
        subscribers.subscribe("notes://b", "two");

        subscribers.unsubscribeAll("one");

        assertThat(watch.told).containsExactly("+notes://a", "+notes://b", "-notes://a");
        assertThat(subscribers.subscribed("notes://b", "two")).isTrue();
    }

    @Test
    void aRefusedWatchLeavesNoSubscriberBehind() {
        assertThatThrownBy(() -> subscribers.subscribe("refused://a", "one"))
                .isInstanceOf(ResourceWatch.RefusedException.class)
                .hasMessage("not followed");

        assertThat(subscribers.subscribed("refused://a", "one")).isFalse();
        subscribers.unsubscribe("refused://a", "one");
        assertThat(watch.told).isEmpty();
    }

    @Test
    void anUnsubscribeOfWhatWasNeverSubscribedTellsTheWatchNothing() {
        subscribers.subscribe("notes://a", "one");

        subscribers.unsubscribe("notes://a", "two");
        subscribers.unsubscribe("notes://b", "one");

        assertThat(watch.told).containsExactly("+notes://a");
    }
}
