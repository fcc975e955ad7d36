package dev.handoff.desk.report;

import java.util.UUID;

/** {@link ReportsContract} on H2, an in-memory database per test. */
class ReportsOnH2Test extends ReportsContract {
    @Override
    String freshDatabase() {
        return "jdbc:h2:mem:report-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    void dropDatabase() {
        try (var c = java.sql.DriverManager.getConnection(url);
                var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
