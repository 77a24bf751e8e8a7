package dev.bulwark.http.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExchangeWorkTest {

    private final List<String> ran = new ArrayList<>();
    private final ExchangeWork work = new ExchangeWork(false);

    @Test
    void withoutCallsTheActionsRunWhenTheExchangeEnds() {
        work.onEnd(() -> ran.add("first"));
        work.onEnd(() -> ran.add("second"));
        assertThat(ran).isEmpty();

        work.exchangeEnded();

        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void aCallThatOutlivesItsExchangeHoldsTheActionsUntilItEnds() {
        work.onEnd(() -> ran.add("drain"));
        Runnable callEnded = work.callStarted();

        work.exchangeEnded();
        assertThat(ran).as("the call still runs").isEmpty();

        callEnded.run();
        callEnded.run();
        assertThat(ran).containsExactly("drain");
    }

    @Test
    void theActionsWaitForTheExchangeWhenItsCallEndsFirst() {
        work.onEnd(() -> ran.add("drain"));
        work.callStarted().run();
        assertThat(ran).isEmpty();

        work.exchangeEnded();

        assertThat(ran).containsExactly("drain");
    }

    @Test
    void anExchangeCountsOneCallAtMost() {
        work.onEnd(() -> ran.add("drain"));
        Runnable first = work.callStarted();
        Runnable second = work.callStarted();
        work.exchangeEnded();

        second.run();
        assertThat(ran).as("the first call still runs").isEmpty();
        first.run();
        assertThat(ran).containsExactly("drain");
    }

    @Test
    void anActionAddedAfterAllEndedRunsAtOnceAndLaterCallsAreNotCounted() {
        ExchangeWork ended = new ExchangeWork(true);

        ended.onEnd(() -> ran.add("now"));
        Runnable late = ended.callStarted();
        ended.onEnd(() -> ran.add("also now"));
        late.run();

        assertThat(ran).containsExactly("now", "also now");
    }
}
