package dev.bulwark.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method as a tool, with the options of {@link Tool.Builder}.
 *
 * <pre>{@code
 * public class GreetTools {
 *     @McpTool(description = "Greets someone", cache = McpTool.Cache.SHARED, cacheTtl = "5m")
 *     public Greeting greet(@ToolParam(description = "Who to greet") String name) {
 *         return new Greeting("Hello, " + name + "!");
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface McpTool {

    /** The tool name; empty means the method's name. 1-128 characters of letters, digits, {@code _ - .}. */
    String name() default "";

    /** A human-readable title; empty means none. */
    String title() default "";

    /** What the tool does, written for the model that decides whether to call it. */
    String description();

    /** Scopes the caller must all hold. */
    String[] scopes() default {};

    /** Whether the tool only reads (the MCP {@code readOnlyHint}). */
    boolean readOnly() default false;

    /** Whether and for whom results are cached; {@link Cache#NONE} by default. */
    Cache cache() default Cache.NONE;

    /**
     * How long a cached result lives, written as in the config file ({@code "30"}, {@code "5m"}, {@code "PT5M"}); empty
     * means the server's default. Needs {@link #cache()}.
     */
    String cacheTtl() default "";

    /** Calls per {@link #rateLimitPeriod()} for each caller; 0 means the server default. */
    long rateLimit() default 0;

    /**
     * The window of {@link #rateLimit()}, a duration as {@link #cacheTtl()}; empty means one minute. Needs
     * {@link #rateLimit()}.
     */
    String rateLimitPeriod() default "";

    /** Calls accepted at once on top of {@link #rateLimit()} (see {@code RateLimit}). Needs {@link #rateLimit()}. */
    long rateLimitExtraBurst() default 0;

    /** Takes no call from any rate-limit budget ({@link Tool.Builder#notRateLimited()}). */
    boolean notRateLimited() default false;

    /** Time after which the call is answered with a timeout error, as {@link #cacheTtl()}; empty: the server default. */
    String timeout() default "";

    /** Calls of this tool that may run at once; 0 means the server default per tool. */
    int maxConcurrency() default 0;

    /** Where the method runs; {@link Tool.Execution#ISOLATED} by default. */
    Tool.Execution execution() default Tool.Execution.ISOLATED;

    /** Whether a call may run as a task of the Tasks extension; {@link Tool.TaskSupport#FORBIDDEN} by default. */
    Tool.TaskSupport taskSupport() default Tool.TaskSupport.FORBIDDEN;

    /** The {@code ui://} URI of the tool's MCP Apps view ({@link Tool.Builder#view}); empty means none. */
    String view() default "";

    /** Part of every cache key: change it when cached results of the old version must not be served. */
    String schemaVersion() default "1";

    /** Whether results are cached, and who may be served a cached one. */
    enum Cache {
        /** Never cached. */
        NONE,
        /** {@link CachePolicy#shared()}: served to every caller with the same arguments. */
        SHARED,
        /** {@link CachePolicy#perPrincipal()}: served only to the caller that produced it. */
        PER_PRINCIPAL
    }
}
