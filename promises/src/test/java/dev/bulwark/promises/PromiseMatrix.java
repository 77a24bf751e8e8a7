package dev.bulwark.promises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every promise, checked for every kind of tool at one door. A door joins the matrix by one subclass that names it;
 * it cannot skip a promise, and a promise without a test here fails {@link MatrixCompletenessTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PromiseMatrix {

    /** The counters this matrix reads: every failure is counted in both. */
    private static final String ERRORS = "mcp.errors";

    private static final String REQUESTS = "mcp.requests";

    /**
     * Waits for what a door brings about a moment after it answers (a log line, a count, a budget given back), polling
     * on the test's thread: looks at once, then every 50 ms, for at most 60 s (generous: the bound only matters when it
     * never comes).
     */
    private static final ConditionFactory EVENTUALLY = await().atMost(Duration.ofSeconds(60))
            .pollInSameThread()
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(50));

    /**
     * How long past its deadline a slow call's answer may come: generous, since a loaded machine delays it; a deadline
     * that is not in force never answers, and fails it.
     */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(15);

    private final Door door;
    private Stage stage;
    private Door.Opened served;
    private LogWatch logs;

    protected PromiseMatrix(Door door) {
        this.door = door;
    }

    @BeforeAll
    void open() throws Exception {
        stage = new Stage();
        served = door.open(stage);
    }

    @AfterAll
    void shut() throws Exception {
        if (served != null) {
            served.close();
        }
        if (stage != null) {
            stage.close();
        }
    }

    @BeforeEach
    void watchLogs() throws Exception {
        logs = served.watchLogs();
    }

    @AfterEach
    void releaseLogs() {
        logs.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndRoutes")
    @Keeps(Promise.SCOPES_DECIDE_REACH)
    void scopesDecideWhatACallerReachesWhateverTheRoute(ToolKind kind, Route route) throws Exception {
        assumeRouted(kind, route);
        if (kind.hidesWhatItRefuses()) {
            scopesDecideWhatACallerIsToldExists(kind, route);
            return;
        }
        int effectsBefore = stage.guardedEffects(kind);

        Answer refused = send(route, stage.limited, kind.guarded());

        assertThat(refused.deniedPermission())
                .as("%s as %s: %s", kind.guarded(), stage.limited, refused)
                .isTrue();
        assertThat(stage.guardedEffects(kind)).as("effects of the refused call").isEqualTo(effectsBefore);
        for (ToolCall otherRoute : kind.otherRoutes()) {
            Answer refusedToo = send(route, stage.limited, otherRoute);

            assertThat(refusedToo.isError())
                    .as("%s as %s: %s", otherRoute, stage.limited, refusedToo)
                    .isTrue();
            assertThat(stage.guardedEffects(kind))
                    .as("effects of %s", otherRoute)
                    .isEqualTo(effectsBefore);
        }

        Answer allowed = send(route, stage.admin, kind.guarded());

        assertThat(allowed.isError())
                .as("%s as admin: %s", kind.guarded(), allowed)
                .isFalse();
        assertThat(stage.guardedEffects(kind)).isEqualTo(effectsBefore + 1);
    }

    /**
     * For a kind that hides what a caller may not reach (a skill): the caller without the scope gets the answer a
     * target that does not exist gets, and the admin gets the target itself.
     */
    private void scopesDecideWhatACallerIsToldExists(ToolKind kind, Route route) throws Exception {
        Answer refused = send(route, stage.limited, kind.guarded());

        assertRefusedForScope(kind, route, stage.limited, refused);

        Answer allowed = send(route, stage.admin, kind.guarded());

        assertThat(allowed.isError())
                .as("%s as admin: %s", kind.guarded(), allowed)
                .isFalse();
        assertThat(allowed.toString())
                .as("%s as admin shows its target", kind.guarded())
                .contains(kind.guarded().arguments().values().iterator().next().toString());
    }

    /**
     * Asserts that {@code refused}, the answer to {@code kind}'s guarded call as {@code caller}, refuses it for a scope
     * the caller lacks: a permission denied, or, for a kind that hides what it refuses, the very answer its failing
     * call (a target that does not exist) gets, but for the target it names.
     */
    private void assertRefusedForScope(ToolKind kind, Route route, Caller caller, Answer refused) throws Exception {
        if (!kind.hidesWhatItRefuses()) {
            assertThat(refused.deniedPermission())
                    .as("%s as %s: %s", kind.guarded(), caller, refused)
                    .isTrue();
            return;
        }
        Answer unknown = send(route, caller, kind.failing());

        assertThat(refused.isError())
                .as("%s as %s: %s", kind.guarded(), caller, refused)
                .isTrue();
        assertThat(refused.deniedPermission())
                .as("%s as %s tells that the target exists: %s", kind.guarded(), caller, refused)
                .isFalse();
        assertThat(withoutTarget(refused, kind.guarded()))
                .as("%s as %s, beside the answer to %s: %s", kind.guarded(), caller, kind.failing(), unknown)
                .isEqualTo(withoutTarget(unknown, kind.failing()));
    }

    /** The error of {@code answer} with the target {@code call} names (its one argument) left out. */
    private static String withoutTarget(Answer answer, ToolCall call) {
        String target = call.arguments().values().iterator().next().toString();
        return answer.message().path("error").toString().replace(target, "<target>")
                + answer.message().path("result").toString().replace(target, "<target>");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndRoutes")
    @Keeps(Promise.ONE_AUDIT_LINE_PER_CALL)
    void everyCallLeavesOneCompleteAuditLine(ToolKind kind, Route route) throws Exception {
        assumeRouted(kind, route);
        List<ToolCall> calls = List.of(kind.allowed(), kind.guarded(), kind.failing());
        for (ToolCall call : calls) {
            send(route, stage.limited, call);
        }

        List<LogLine> lines = awaitAuditLines(stage.limited, calls.size());
        assertThat(lines).as("audit lines of %s", calls).hasSize(calls.size());
        assertThat(lines)
                .extracting(line -> line.value("tool"))
                .containsExactlyElementsOf(calls.stream().map(ToolCall::audited).toList());
        assertThat(lines).extracting(line -> line.value("outcome")).containsExactly("success", "error", "error");
        assertThat(lines)
                .as("kind of each line (a tool call's, refused at the edge or not; a view's read is a resource's)")
                .extracting(line -> line.value("kind"))
                .containsOnly(kind == ToolKind.VIEW ? "resource" : "tool");
        for (int i = 0; i < calls.size(); i++) {
            LogLine line = lines.get(i);
            String tool = calls.get(i).tool();
            // the HTTP edge refuses a call for its scopes before any tool runs: its line names no upstream
            boolean passedTheEdge = !"insufficient_scope".equals(line.value("error_type"));
            assertThat(line.value("upstream"))
                    .as("upstream of %s (a gateway's call names it, another kind's none)", line.text())
                    .isEqualTo(kind.isGateway() && passedTheEdge ? tool.substring(0, tool.indexOf('_')) : null);
        }
        for (LogLine line : lines) {
            assertThat(line.value("request_id"))
                    .as("request id of %s", line.text())
                    .isNotBlank();
            assertThat(line.value("protocol_era")).as("era of %s", line.text()).isNotBlank();
            assertThat(line.fields())
                    .as("fields of %s (key-value pairs and MDC together, or a JSON line's keys)", line.text())
                    .doesNotHaveDuplicates();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndRoutes")
    @Keeps(Promise.NO_CREDENTIAL_IN_LOGS_OR_ANSWERS)
    void noCredentialInAnyLogAtAnyLevelOrInAnyAnswer(ToolKind kind, Route route) throws Exception {
        assumeRouted(kind, route);
        List<Answer> answers = new ArrayList<>();
        for (ToolCall call : List.of(kind.allowed(), kind.guarded(), kind.failing())) {
            answers.add(send(route, stage.limited, call));
            answers.add(send(route, stage.admin, call));
        }

        // every call's audit line is in: the log is written as far as the last call
        awaitAuditLines(stage.admin, 3);
        List<LogLine> lines = logs.lines();
        for (String credential : stage.credentials()) {
            assertThat(answers)
                    .extracting(Answer::toString)
                    .as("answers")
                    .noneMatch(answer -> answer.contains(credential));
            assertThat(lines).as("log lines at the most verbose level").isNotEmpty();
            assertThat(lines)
                    .filteredOn(line -> line.text().contains(credential))
                    .extracting(LogLine::text)
                    .as("log lines that show a credential")
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndRoutes")
    @Keeps(Promise.FAILURE_IS_AN_ANSWER_AND_COUNTED)
    void aFailureIsAnErrorAnswerAndCountedOnce(ToolKind kind, Route route) throws Exception {
        assumeRouted(kind, route);
        Counters counters = served.counters();
        boolean readable = !(counters instanceof Counters.Unreadable);
        Map<String, String> failedRequests = Map.of("status", "error");
        double errorsBefore = readable ? counters.sum(ERRORS, Map.of()) : 0;
        double failedRequestsBefore = readable ? counters.sum(REQUESTS, failedRequests) : 0;

        Answer failed = send(route, stage.limited, kind.failing());

        assertThat(failed.isError()).as("%s: %s", kind.failing(), failed).isTrue();
        assertThat(failed.toString())
                .as("the answer to a failure")
                .doesNotContain("Exception", "\tat ", "at dev.bulwark", "127.0.0.1");
        if (counters instanceof Counters.Unreadable unreadable) {
            assertThat(unreadable.reason())
                    .as("why the door's counters cannot be read")
                    .isNotBlank();
            Assumptions.abort("NOT COUNTED at this door (the error answer was checked): " + unreadable.reason());
        }
        assertThat(awaitCounted(counters, ERRORS, Map.of(), errorsBefore))
                .as("mcp_errors_total after %s, answered %s: %s", kind.failing(), failed, counters.describe(ERRORS))
                .isEqualTo(1);
        assertThat(awaitCounted(counters, REQUESTS, failedRequests, failedRequestsBefore))
                .as("mcp_requests_total{status=\"error\"} after %s: %s", kind.failing(), counters.describe(REQUESTS))
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndRoutes")
    @Keeps(Promise.LOSING_REDIS_FAILS_NO_CALL)
    void losingRedisFailsNoCall(ToolKind kind, Route route) throws Exception {
        assumeRouted(kind, route);
        awaitCallsOnRedis(kind);
        stage.redis().stop();
        try {
            for (Caller caller : List.of(stage.limited, stage.admin)) {
                Answer answer = send(route, caller, kind.allowed());

                assertThat(answer.isError())
                        .as("%s as %s with Redis down: %s", kind.allowed(), caller, answer)
                        .isFalse();
            }
            Answer refused = send(route, stage.limited, kind.guarded());

            assertRefusedForScope(kind, route, stage.limited, refused);
        } finally {
            stage.redis().restart();
        }

        awaitCallsOnRedis(kind);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndRoutes")
    @Keeps(Promise.LOSING_POSTGRESQL_FAILS_ONLY_WHAT_NEEDS_IT)
    void losingPostgresqlFailsOnlyTheCallsThatNeedIt(ToolKind kind, Route route) throws Exception {
        assumeRouted(kind, route);
        DatabaseAtDoor database = served.database();
        if (database instanceof DatabaseAtDoor.None none) {
            assertThat(none.reason()).as("why the door has no database").isNotBlank();
            Assumptions.abort("no database at this door: " + none.reason());
        }
        DatabaseAtDoor.Control control = ((DatabaseAtDoor.Stoppable) database).control();
        control.stop();
        try {
            // none of the matrix's kinds of tool needs the database: each must be served as before
            for (Caller caller : List.of(stage.limited, stage.admin)) {
                Answer answer = send(route, caller, kind.allowed());

                assertThat(answer.isError())
                        .as("%s as %s with PostgreSQL down: %s", kind.allowed(), caller, answer)
                        .isFalse();
            }
            Answer refused = send(route, stage.limited, kind.guarded());

            assertRefusedForScope(kind, route, stage.limited, refused);
        } finally {
            control.restart();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndRoutes")
    @Keeps(Promise.A_CALL_PAST_ITS_DEADLINE_IS_ENDED)
    void aCallThatOutlivesItsDeadlineIsEndedAnsweredAndCounted(ToolKind kind, Route route) throws Exception {
        assumeRouted(kind, route);
        ToolCall slow = kind.slow();
        if (slow == null) {
            assertThat(kind.whyNotSlow()).as("why %s has no slow route", kind).isNotBlank();
            Assumptions.abort("NOT YET: " + kind + " past a deadline of its own: " + kind.whyNotSlow());
        }
        Counters counters = served.counters();
        boolean readable = !(counters instanceof Counters.Unreadable);
        Map<String, String> timedOut = Map.of("error_type", kind.deadlineErrorType());
        Map<String, String> failedRequests = Map.of("status", "error");
        double timeoutsBefore = readable ? counters.sum(ERRORS, timedOut) : 0;
        double failedRequestsBefore = readable ? counters.sum(REQUESTS, failedRequests) : 0;
        int stoppedBefore = stage.slowStopped();

        // on a thread of its own: the common pool may have one thread, which the door's client may need itself
        CompletableFuture<Answer> sent = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return send(route, stage.limited, slow);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                },
                task -> {
                    Thread thread = new Thread(task, "promise-slow-call");
                    thread.setDaemon(true);
                    thread.start();
                });
        await().alias(slow + " is answered within its deadline and a margin")
                .atMost(Stage.SLOW_DEADLINE.plus(ANSWER_MARGIN))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .until(sent::isDone);
        Answer ended = sent.join();

        assertThat(ended.isError()).as("%s: %s", slow, ended).isTrue();
        assertThat(ended.toString())
                .as("the answer to a call past its deadline")
                .doesNotContain("Exception", "\tat ", "at dev.bulwark", "127.0.0.1");
        List<LogLine> lines = awaitAuditLines(stage.limited, 1).stream()
                .filter(line -> slow.audited().equals(line.value("tool")))
                .toList();
        assertThat(lines).as("audit lines of %s", slow).hasSize(1);
        assertThat(lines.get(0).value("outcome"))
                .as("outcome of %s", lines.get(0).text())
                .isEqualTo("error");
        assertThat(lines.get(0).value("error_type"))
                .as("error type of %s", lines.get(0).text())
                .isEqualTo(kind.deadlineErrorType());
        EVENTUALLY
                .alias("the work of " + slow + " sees that it was stopped")
                .until(() -> stage.slowStopped() > stoppedBefore);
        if (counters instanceof Counters.Unreadable unreadable) {
            assertThat(unreadable.reason())
                    .as("why the door's counters cannot be read")
                    .isNotBlank();
            Assumptions.abort(
                    "NOT COUNTED at this door (the answer, audit line and stop were checked): " + unreadable.reason());
        }
        assertThat(awaitCounted(counters, ERRORS, timedOut, timeoutsBefore))
                .as(
                        "mcp_errors_total{error_type=\"%s\"} after %s: %s",
                        kind.deadlineErrorType(), slow, counters.describe(ERRORS))
                .isEqualTo(1);
        assertThat(awaitCounted(counters, REQUESTS, failedRequests, failedRequestsBefore))
                .as("mcp_requests_total{status=\"error\"} after %s: %s", slow, counters.describe(REQUESTS))
                .isEqualTo(1);
    }

    /** Each kind of tool, called plainly and run as a task. */
    static Stream<Arguments> kindsAndRoutes() {
        return Arrays.stream(ToolKind.values())
                .flatMap(kind -> Arrays.stream(Route.values()).map(route -> Arguments.of(kind, route)));
    }

    /**
     * Aborts, with why, a case this door or this kind of tool does not serve: a kind of tool the door has none of, a
     * task where there are none.
     */
    private void assumeRouted(ToolKind kind, Route route) {
        String notServed = served.kindsNotServed().get(kind);
        if (notServed != null) {
            assertThat(notServed).as("why the door serves no %s", kind).isNotBlank();
            Assumptions.abort("no " + kind + " at this door: " + notServed);
        }
        if (route == Route.TASK) {
            Assumptions.assumeTrue(served.tasks() != TaskWire.NONE, "this door runs no tasks: " + served.tasks());
            Assumptions.assumeTrue(
                    kind.whyNoTask() == null, () -> "NOT YET: " + kind + " as a task: " + kind.whyNoTask());
        }
    }

    /** Sends {@code call} as {@code caller} by {@code route}: its answer, or its task's outcome. */
    private Answer send(Route route, Caller caller, ToolCall call) throws Exception {
        return switch (route) {
            case CALL -> call.runsLater() ? acceptedThenRun(caller, call) : served.call(caller, call);
            case TASK -> served.tasks().run(served, caller, call);
        };
    }

    /**
     * A call an extension accepts to run later: its answer when refused, else its run's result, which the extension's
     * {@link Stage#LATER_RESULT} answers once the run ended.
     */
    private Answer acceptedThenRun(Caller caller, ToolCall call) throws Exception {
        Answer accepted = served.call(caller, call);
        if (accepted.isError()) {
            return accepted;
        }
        String job = accepted.message()
                .path("result")
                .path("content")
                .path(0)
                .path("text")
                .asText();
        Answer ran = served.call(caller, ToolCall.ofMethod(Stage.LATER_RESULT, Map.of("job", job)));
        if (ran.isError()) {
            return ran;
        }
        ObjectNode run = Wire.JSON.createObjectNode();
        run.set("result", ran.message().path("result").path("run"));
        return new Answer(run);
    }

    /**
     * Calls {@code kind}'s allowed call until the server keeps its rate-limit budget in the stage's Redis again: proof
     * that the door uses that Redis, and, after an outage, that it came back to it by itself.
     */
    private void awaitCallsOnRedis(ToolKind kind) {
        EVENTUALLY
                .alias("a call keeps something in the stage's Redis")
                .pollInterval(Duration.ofMillis(200)) // spaces the probing calls, within the rate limit
                .until(() -> {
                    Answer answer = send(Route.CALL, stage.limited, kind.allowed());

                    assertThat(answer.isError())
                            .as("%s: %s", kind.allowed(), answer)
                            .isFalse();
                    return stage.redisKeys() > 0;
                });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Budget.class)
    @Keeps(Promise.BUDGETS_COME_BACK)
    void everyBudgetComesBackWhenItsHolderLeavesOrFails(Budget budget) throws Exception {
        Map<Budget, BudgetAtDoor> budgets = served.budgets();
        assertThat(budgets.keySet())
                .as("the budgets this door decided on, kept or not here")
                .containsExactlyInAnyOrder(Budget.values());
        BudgetAtDoor atDoor = budgets.get(budget);
        if (atDoor instanceof BudgetAtDoor.None none) {
            assertThat(none.reason()).as("why the door has no %s", budget).isNotBlank();
            Assumptions.abort("no " + budget + " at this door: " + none.reason());
        }
        if (atDoor instanceof BudgetAtDoor.Unchecked unchecked) {
            assertThat(unchecked.reason()).as("why %s is not checked", budget).isNotBlank();
            Assumptions.abort("NOT CHECKED: " + budget + " at this door: " + unchecked.reason());
        }
        BudgetAtDoor.Kept kept = (BudgetAtDoor.Kept) atDoor;
        assertThat(kept.holders()).as("holders of %s", budget).isNotEmpty();
        assertThat(kept.probe().served()).as("%s before any holder", budget).isTrue();
        for (BudgetAtDoor.Holder holder : kept.holders()) {
            try (BudgetAtDoor.Held held = holder.fill()) {
                assertThat(kept.probe().served())
                        .as("a use of %s while a holder that %s fills it", budget, holder.departs())
                        .isFalse();

                held.depart();

                awaitServed(kept.probe(), budget + " after its holder " + holder.departs());
            }
        }
    }

    /** Probes until a use is served, within a generous bound: a budget that never comes back fails it. */
    private static void awaitServed(BudgetAtDoor.Probe probe, String what) {
        EVENTUALLY
                .alias("a use of " + what + " is served")
                .pollInterval(Duration.ofMillis(100)) // spaces the probes
                .until(probe::served);
    }

    @Test
    @Keeps(Promise.WRONG_SETTING_STOPS_THE_START)
    void anUnknownOrWrongSettingStopsTheStartWithOneLine() throws Exception {
        Door.Refused refused = door.openWithOneWrongSetting(stage);

        List<String> naming = refused.told()
                .lines()
                .filter(line -> line.contains(refused.key()))
                .toList();
        assertThat(naming)
                .as("the lines naming %s of what the start told: %s", refused.key(), refused.told())
                .hasSize(1);
        String besideTheKey = naming.get(0).replace(refused.key(), " ");
        assertThat(besideTheKey.split("[^\\p{L}]+"))
                .as("the words of '%s' beside the key: what is wrong and what to do", naming.get(0))
                .filteredOn(word -> word.length() > 1)
                .hasSizeGreaterThanOrEqualTo(3);
        assertThat(refused.told()).as("what the start told").doesNotContain("\tat ", "Caused by");
        assertThat(logs.lines())
                .filteredOn(line -> line.level().isGreaterOrEqual(Level.INFO))
                .filteredOn(line -> line.text().contains("\tat "))
                .extracting(LogLine::text)
                .as("log lines at INFO and above with a stack trace, while the start was refused")
                .isEmpty();
    }

    /**
     * The audit lines of {@code caller} since the test began, once there are at least {@code expected} of them or 60 s
     * passed: a server may write its log a moment after it answers.
     */
    private List<LogLine> awaitAuditLines(Caller caller, int expected) throws Exception {
        Callable<List<LogLine>> lines = () -> logs.auditLines().stream()
                .filter(line -> caller.subject().equals(line.value("principal")))
                .toList();
        try {
            return EVENTUALLY.until(lines, found -> found.size() >= expected);
        } catch (ConditionTimeoutException fewer) {
            return lines.call(); // the caller's assertion names what is missing
        }
    }

    /**
     * How much the counters {@code name} with {@code tags} rose above {@code before}, once they rose or 60 s passed: a
     * server may count a request a moment after it answers it.
     */
    private static double awaitCounted(Counters counters, String name, Map<String, String> tags, double before)
            throws Exception {
        Callable<Double> rise = () -> counters.sum(name, tags) - before;
        try {
            return EVENTUALLY.until(rise, risen -> risen > 0);
        } catch (ConditionTimeoutException notCounted) {
            return rise.call(); // the caller's assertion names the counter
        }
    }
}
