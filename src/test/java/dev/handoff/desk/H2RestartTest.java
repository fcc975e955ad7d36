package dev.handoff.desk;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.support.TestDesks;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Restart with the default database: an H2 file under the data directory. */
class H2RestartTest extends RestartTestBase {
    @TempDir
    Path data;

    @Override
    DeskConfig config() {
        return TestDesks.config(data);
    }
}
