package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.LiveAgentUrls;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code handoff chat}'s options, read without starting a chat. */
class ChatCommandTest {

    @Test
    void liveAgentGivenOncePerUrlGivesTheUrlsInTheOrderGiven() {
        ChatCommand chat = new ChatCommand();
        new CommandLine(chat)
                .parseArgs("--live-agent", "http://n2.desk.example.org", "--live-agent", "http://n1.desk.example.org");

        assertThat(ChatCommand.liveAgentUrls(chat.liveAgents))
                .contains(LiveAgentUrls.of(
                        URI.create("http://n2.desk.example.org"), URI.create("http://n1.desk.example.org")));
    }

    @Test
    void withoutLiveAgentTheBotsOwnUrlsAreKept() {
        ChatCommand chat = new ChatCommand();
        new CommandLine(chat).parseArgs();

        assertThat(ChatCommand.liveAgentUrls(chat.liveAgents)).isEmpty();
    }

    @Test
    void moreLiveAgentUrlsThanOneServerMayHaveAreRefusedWithStatusTwoBeforeAnythingStarts() {
        String[] args = IntStream.rangeClosed(1, LiveAgentUrls.MAX + 1)
                .mapToObj(i -> new String[] {"--live-agent", "http://n" + i + ".desk.example.org"})
                .flatMap(java.util.Arrays::stream)
                .toArray(String[]::new);
        String[] all = new String[args.length + 1];
        all[0] = "chat";
        System.arraycopy(args, 0, all, 1, args.length);
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            status = Main.run(all);
        } finally {
            System.setErr(before);
        }
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("handoff chat: --live-agent: [out-of-range] a live-agent server has 1 to 16 URLs, not 17");
    }
}
