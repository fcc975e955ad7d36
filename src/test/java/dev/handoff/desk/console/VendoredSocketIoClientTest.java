package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Socket.IO browser client in the jar ({@code src/main/resources/console/assets}) is socket.io-client's
 * own ESM build, byte for byte, of the version pinned (with its integrity hash) in {@code
 * src/test/console-js/package-lock.json}: npm installs it there (the test runs {@code npm ci} when
 * node_modules is missing) and the two are compared. To upgrade: change the version in
 * package.json, {@code npm install} there, copy {@code dist/socket.io.esm.min.js} and its LICENSE.
 */
class VendoredSocketIoClientTest {
    static final Path NPM = Path.of("src/test/console-js").toAbsolutePath();
    static final Path VENDORED = Path.of("src/main/resources/console/assets");

    @Test
    void theConsolesSocketIoClientIsTheBuildNpmInstallsFromThePinnedLockFile() throws Exception {
        Path installed = NPM.resolve("node_modules/socket.io-client");
        if (!Files.isDirectory(installed)) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(NPM.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .start();
            assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finishes").isTrue();
            assertThat(npm.exitValue()).as("npm ci in %s", NPM).isZero();
        }
        assertThat(Files.readAllBytes(VENDORED.resolve("socket.io.esm.min.js")))
                .as("the vendored client is the pinned release's dist/socket.io.esm.min.js")
                .isEqualTo(Files.readAllBytes(installed.resolve("dist/socket.io.esm.min.js")));
        assertThat(Files.readString(VENDORED.resolve("socket.io-client.LICENSE")))
                .isEqualTo(Files.readString(installed.resolve("LICENSE")));
    }
}
