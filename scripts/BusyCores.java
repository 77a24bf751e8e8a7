import java.util.Optional;

/**
 * Keeps cores busy, as other work on a shared machine would, so a test suite can show it passes on a busy machine.
 *
 * <p>Usage: {@code java scripts/BusyCores.java [threads] [watched-pid]}. One spinning thread per core (or
 * {@code threads}), at normal priority; it stops by itself when the process {@code watched-pid} ends, so a killed
 * caller leaves no load behind.
 */
public final class BusyCores {

    private BusyCores() {}

    public static void main(String[] args) throws InterruptedException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        Optional<ProcessHandle> watched = args.length > 1 ? ProcessHandle.of(Long.parseLong(args[1])) : Optional.empty();
        for (int i = 0; i < threads; i++) {
            Thread spinner = new Thread(BusyCores::spin, "busy-core-" + i);
            spinner.setDaemon(true);
            spinner.start();
        }
        while (watched.map(ProcessHandle::isAlive).orElse(true)) {
            Thread.sleep(1_000);
        }
    }

    private static void spin() {
        long state = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            state = state * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
            if (state == 0) {
                System.out.print("");
            }
        }
    }
}
