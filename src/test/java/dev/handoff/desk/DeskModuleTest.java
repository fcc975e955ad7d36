package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestDesks;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeskModuleTest {
    @TempDir
    Path data;

    @Test
    void theModuleWiresTheDeskWithoutOpeningTheDatabaseOrThePortUntilStart() throws Exception {
        DeskConfig config = TestDesks.config(data.resolve("desk-data"));
        Injector injector = Guice.createInjector(new DeskModule(config));
        DeskService desk = injector.getInstance(DeskService.class);
        assertThat(injector.getInstance(DeskService.class)).isSameAs(desk);
        assertThat(Files.exists(data.resolve("desk-data"))).isFalse();
        assertThat(listening(config.port())).isFalse();

        desk.start();
        try {
            assertThat(listening(config.port())).isTrue();
            assertThat(Files.exists(data.resolve("desk-data/desk.mv.db"))).isTrue();
        } finally {
            desk.stop();
        }
        assertThat(listening(config.port())).isFalse();
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
