package dev.handoff.desk.report;

import dev.handoff.desk.support.LocalPostgres;

/** {@link ReportsContract} on PostgreSQL, a schema per test (README "Test"). */
class ReportsOnPostgresTest extends ReportsContract {
    private LocalPostgres.Schema schema;

    @Override
    String freshDatabase() {
        schema = LocalPostgres.freshSchema();
        return schema.url();
    }

    @Override
    void dropDatabase() {
        schema.close();
    }
}
