package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The desk core, its API and its store use their own types: only desk.server speaks the wire and Socket.IO. */
class DeskLayersTest {
    static final Path DESK = Path.of("src/main/java/dev/handoff/desk");

    static List<String> importsOf(String pkg) throws IOException {
        try (Stream<Path> files = Files.list(DESK.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream()
                                    .filter(l -> l.startsWith("import "))
                                    .map(l -> f.getFileName() + ": " + l);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
    }

    @Test
    void theCoreTheApiAndTheStoreNeverImportTheWireNorSocketIo() throws IOException {
        for (String pkg : List.of("core", "api", "store")) {
            assertThat(importsOf(pkg))
                    .as("desk." + pkg)
                    .noneMatch(l -> l.contains("dev.handoff.protocol")
                            || l.contains("com.corundumstudio")
                            || l.contains("io.socket")
                            || l.contains("dev.handoff.desk.server"));
        }
    }

    @Test
    void theApiAndTheStoreNeverImportTheCore() throws IOException {
        for (String pkg : List.of("api", "store")) {
            assertThat(importsOf(pkg)).as("desk." + pkg).noneMatch(l -> l.contains("dev.handoff.desk.core"));
        }
    }
}
