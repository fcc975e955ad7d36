package dev.handoff.delivery;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.TestDesks;
import org.junit.jupiter.api.AfterEach;

/** The same faults with the desk on the local PostgreSQL server, in a schema of its own. */
class DeliveryUnderFaultsOnPostgresTest extends DeliveryUnderFaultsTest {
    private LocalPostgres.Schema schema;

    @Override
    DeskConfig config() {
        schema = LocalPostgres.freshSchema();
        return TestDesks.config(data).withDb(schema.url());
    }

    @AfterEach
    void dropSchema() {
        if (rig != null) {
            rig.close();
            rig = null;
        }
        if (schema != null) schema.close();
    }
}
