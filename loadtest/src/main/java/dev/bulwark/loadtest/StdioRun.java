package dev.bulwark.loadtest;

/**
 * What one timed run of pipelined calls against one stdio server measured.
 *
 * @param server the server's name
 * @param calls answers received
 * @param failed answers that were not a successful tool result
 * @param seconds wall time from the first request to the last answer
 * @param cpuSeconds the server process's CPU time (user + system) meanwhile
 */
record StdioRun(String server, long calls, long failed, double seconds, double cpuSeconds) {

    double callsPerSecond() {
        return calls / seconds;
    }

    double cpuMicrosPerCall() {
        return cpuSeconds * 1e6 / calls;
    }
}
