package dev.handoff.desk.cluster;

import java.time.Duration;

/**
 * A node that only takes part in the election, in a JVM of its own, for the test that kills it:
 * {@code LeaderProcess JDBC_URL PREFIX NODE}. It prints {@code leader EPOCH} once elected, then waits to be killed.
 */
public final class LeaderProcess {
    private LeaderProcess() {}

    public static void main(String[] args) throws InterruptedException {
        Leadership leadership = new Leadership(
                new Database(args[0], null, null), args[1], args[2], Duration.ofMillis(200), new Leadership.Listener() {
                    @Override
                    public void elected(long epoch) {
                        System.out.println("leader " + epoch);
                        System.out.flush();
                    }

                    @Override
                    public void lost(long epoch, String why) {
                        System.out.println("lost " + epoch);
                        System.out.flush();
                    }
                });
        leadership.start();
        Thread.currentThread().join();
    }
}
