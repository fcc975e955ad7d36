package dev.handoff.cli;

import dev.handoff.cli.agent.AgentTerminal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code handoff agent}: a terminal client for an agent of the embedded desk. */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Signs in to the desk as an agent: shows the queue, takes chats, replies.",
            "Plain text replies to the current chat; /help lists the commands (/queue, /take N, /resolve, /transfer DEPT, ...)."
        })
public final class AgentCommand implements Callable<Integer> {
    @Option(names = "--name", required = true, paramLabel = "NAME", description = "your agent name")
    String name;

    @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "your token from the desk's config")
    String token;

    @Option(
            names = "--desk",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:5005",
            description = "the desk's URL (default: ${DEFAULT-VALUE})")
    URI desk;

    @Override
    public Integer call() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return new AgentTerminal(desk, name, token, in, System.out).run();
    }
}
