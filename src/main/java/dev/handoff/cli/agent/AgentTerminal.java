package dev.handoff.cli.agent;

import dev.handoff.cli.agent.AgentCommands.Command;
import dev.handoff.cli.agent.AgentScreen.SignIn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A line-based agent client for the desk's {@code /agents} namespace. Plain text is a reply to the
 * current chat; commands start with a slash ({@code /help} lists them). Reads commands from {@code in},
 * prints the desk's events to {@code out}.
 *
 * <p>Wires the three parts: {@link AgentConnection} (Socket.IO), {@link AgentCommands} (line →
 * command) and {@link AgentScreen} (state and lines). Threading: {@link #run} reads {@code in} on the
 * caller's thread and parses there; the screen's state and every printed line belong to one
 * "agent-screen" thread, which applies the desk's events and the parsed commands in arrival order.
 */
public final class AgentTerminal {
    private static final long SIGN_IN_SECONDS = 30;
    private static final long DRAIN_SECONDS = 10;

    private final URI desk;
    private final String name;
    private final String token;
    private final BufferedReader in;
    private final PrintStream out;

    public AgentTerminal(URI desk, String name, String token, BufferedReader in, PrintStream out) {
        this.desk = desk;
        this.name = name;
        this.token = token;
        this.in = in;
        this.out = out;
    }

    /**
     * Signs in, then handles commands until {@code /quit} or the end of input. Returns the exit code:
     * 0 after signing out, 2 when the desk refuses the token or does not answer.
     */
    public int run() throws IOException, InterruptedException {
        ExecutorService screenThread = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "agent-screen");
            thread.setDaemon(true);
            return thread;
        });
        AgentScreen screen = new AgentScreen(name, out);
        try (AgentConnection connection = new AgentConnection(desk, token, screen, screenThread)) {
            connection.connect();
            SignIn outcome = awaitSignIn(screen);
            if (outcome != SignIn.SIGNED_IN) {
                screenThread.execute(() -> screen.notSignedIn(outcome, desk));
                return 2;
            }
            for (String line; (line = in.readLine()) != null; ) {
                Optional<Command> command = AgentCommands.parse(line);
                if (command.isEmpty()) continue;
                if (command.get() instanceof Command.Quit) break;
                screenThread.execute(() -> screen.apply(command.get()).ifPresent(connection::send));
            }
            screenThread.execute(screen::signedOut);
            return 0;
        } finally {
            screenThread.shutdown();
            screenThread.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** The sign-in outcome, or {@code null} when the desk did not answer in time. */
    private static SignIn awaitSignIn(AgentScreen screen) throws InterruptedException {
        try {
            return screen.signIn().get(SIGN_IN_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("signing in failed", e.getCause());
        }
    }
}
