package dev.handoff.conversation;

import dev.handoff.desk.support.LocalPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The conversation store on the local PostgreSQL, in a fresh schema per test. */
class JdbcConversationStoreOnPostgresTest extends ConversationStoreContract {
    private LocalPostgres.Schema schema;

    @BeforeEach
    @Override
    void open() {
        schema = LocalPostgres.freshSchema();
        super.open();
    }

    @AfterEach
    void dropSchema() {
        store.close();
        schema.close();
    }

    @Override
    String url() {
        return schema.url();
    }
}
