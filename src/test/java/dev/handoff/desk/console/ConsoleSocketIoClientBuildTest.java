package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The console's Socket.IO browser client is not kept in the repository: the Maven build runs {@code npm ci}
 * on {@code src/main/console-js} (version and integrity hash pinned in its lock file) and copies the
 * package's own ESM build into the jar. To upgrade: change the version in package.json and run {@code
 * npm install --package-lock-only} there.
 */
class ConsoleSocketIoClientBuildTest {
    static final Path MANIFEST = Path.of("src/main/console-js");
    static final Path INSTALLED = Path.of("target/console-js/node_modules/socket.io-client");

    @Test
    void theJarCarriesTheClientNpmInstalledFromThePinnedLockFileAndItsLicence() throws Exception {
        JsonNode lock = new ObjectMapper()
                .readTree(MANIFEST.resolve("package-lock.json").toFile());
        JsonNode pinned = lock.path("packages").path("node_modules/socket.io-client");
        String version = pinned.path("version").asText();
        assertThat(version).as("the lock file pins socket.io-client").matches("4\\.\\d+\\.\\d+");
        assertThat(pinned.path("integrity").asText())
                .as("with its integrity hash")
                .startsWith("sha512-");

        byte[] served = resource("console/assets/socket.io.esm.min.js");
        assertThat(new String(served, 0, 64, java.nio.charset.StandardCharsets.UTF_8))
                .as("the client in the jar is the pinned release")
                .contains("Socket.IO v" + version + "\n");
        assertThat(served)
                .as("byte for byte the package's dist/socket.io.esm.min.js")
                .isEqualTo(Files.readAllBytes(INSTALLED.resolve("dist/socket.io.esm.min.js")));
        assertThat(new String(
                        resource("console/assets/socket.io-client/LICENSE"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("MIT");
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("%s is on the class path", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static ClassLoader getClassLoader() {
        return ConsoleSocketIoClientBuildTest.class.getClassLoader();
    }
}
