package dev.handoff.cli;

import dev.handoff.desk.config.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code handoff desk hash-password}: reads a password and prints its bcrypt hash for an agent's
 * {@code password} in {@code desk.yaml}. From a terminal it asks twice without echo; otherwise it reads
 * the first line of standard input (for scripts: {@code printf '%s\n' "$PW" | handoff desk hash-password}).
 * The password is never printed, and the hash goes alone on standard output.
 */
@Command(
        name = "hash-password",
        mixinStandardHelpOptions = true,
        description = {
            "Reads a password (asked twice without echo on a terminal, else the first line of standard input)",
            "and prints its bcrypt hash, for an agent's 'password' in desk.yaml."
        })
final class HashPasswordCommand implements Callable<Integer> {
    private final Console console;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    HashPasswordCommand() {
        this(System.console(), System.in, System.out, System.err);
    }

    /** {@code console}: {@code null} when standard input is not a terminal. */
    HashPasswordCommand(Console console, InputStream in, PrintStream out, PrintStream err) {
        this.console = console;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException {
        char[] password = console != null ? fromConsole() : firstLine();
        if (password == null) return 1;
        try {
            out.println(PasswordHash.of(password).text());
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("handoff desk hash-password: " + e.getMessage());
            return 1;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] fromConsole() {
        char[] first = console.readPassword("Password: ");
        if (first == null) return refuse("no password given");
        char[] again = console.readPassword("The same password again: ");
        try {
            if (again == null || !Arrays.equals(first, again)) {
                Arrays.fill(first, '\0');
                return refuse("the two passwords differ; nothing was hashed");
            }
            return first;
        } finally {
            if (again != null) Arrays.fill(again, '\0');
        }
    }

    private char[] firstLine() throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line = reader.readLine();
        if (line == null) return refuse("no password on standard input");
        return line.toCharArray();
    }

    private char[] refuse(String why) {
        err.println("handoff desk hash-password: " + why);
        return null;
    }
}
