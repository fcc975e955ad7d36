package dev.handoff.channel;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.channel.web.ChannelModule;
import dev.handoff.channel.web.ChannelServer;
import dev.handoff.channel.web.ServerSettings;
import dev.handoff.conversation.ConversationStoreModule;
import dev.handoff.conversation.ConversationStoreSettings;
import dev.handoff.desk.support.Sockets;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.humanhandoff.HandoffSettings;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.metrics.MetricsHttp;
import dev.handoff.metrics.MetricsModule;
import dev.handoff.metrics.MetricsSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.List;

/** A bot server as {@code handoff serve} runs it, on a free port, with the shop bot and a live agent of the test's choosing. */
final class ServeRig implements AutoCloseable {
    static final String BOT =
            """
            id: shop-bot
            languages: [en, zu]
            presets:
              human_handoff:
                live_agent_url: %s
                collect_contact: false
                max_message_length: 500
                connect_timeout_seconds: 20
                departments:
                  - id: sales
                    label: {en: Sales, zu: Ukuthengisa}
                  - id: support
                    label: {en: Technical support, zu: Usizo}
            intents:
              greet: {en: [hello], zu: [sawubona]}
              payload: {en: [show payload]}
            responses:
              hello: {en: "Hello! How can I help?", zu: "Sawubona! Ngingakusiza kanjani?"}
              payload: {en: "<img src=x onerror='window.xssRan=1'><script>window.xssRan=2</script>"}
            streams:
              greeting: {trigger: greet, steps: [{say: hello}]}
              payload: {trigger: payload, steps: [{say: payload}]}
            """;

    /** What the shop bot says to "show payload": HTML that would run if the page took it as HTML. */
    static final String BOT_PAYLOAD = "<img src=x onerror='window.xssRan=1'><script>window.xssRan=2</script>";

    static final String OTHER_BOT =
            """
            id: other-bot
            languages: [af]
            intents:
              greet: {af: [hallo]}
            responses:
              hello: {af: "Hallo daar!"}
            streams:
              greeting: {trigger: greet, steps: [{say: hello}]}
            """;

    final HandoffRuntime runtime;
    final ChannelServer server;
    final String url;

    private ServeRig(HandoffRuntime runtime, ChannelServer server) {
        this.runtime = runtime;
        this.server = server;
        this.url = server.url().toString();
    }

    static ServeRig start(LiveAgentClient liveAgent, String liveAgentUrl, List<String> allowOrigins) {
        return start(liveAgent, liveAgentUrl, allowOrigins, Modules.EMPTY_MODULE, Sockets.freePort());
    }

    /**
     * As {@code handoff serve --store DIR} runs it, on {@code port}: the handoffs stored as live are resumed once
     * the bots are loaded, before the server listens.
     */
    static ServeRig startStored(LiveAgentClient liveAgent, String liveAgentUrl, Path store, int port) {
        ServeRig rig = start(
                liveAgent,
                liveAgentUrl,
                List.of(),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        install(new ConversationStoreModule(ConversationStoreSettings.inDirectory(store)));
                    }
                },
                port);
        return rig;
    }

    /**
     * As {@code handoff serve} runs it with its metrics: one registry ({@code MetricsModule}) for the runtime and the
     * server, and the scrape endpoint as {@code settings} say ({@code --metrics-path}, {@code --no-metrics}, a token).
     */
    static ServeRig startWithMetrics(LiveAgentClient liveAgent, String liveAgentUrl, MetricsSettings settings) {
        var metrics = Guice.createInjector(new MetricsModule("handoff-bot", settings));
        Module shared = binder -> {
            binder.bind(MeterRegistry.class).toInstance(metrics.getInstance(PrometheusMeterRegistry.class));
            binder.bind(MetricsHttp.class).toInstance(metrics.getInstance(MetricsHttp.class));
        };
        return start(liveAgent, liveAgentUrl, List.of(), shared, shared, Sockets.freePort());
    }

    private static ServeRig start(
            LiveAgentClient liveAgent, String liveAgentUrl, List<String> allowOrigins, Module extra, int port) {
        return start(liveAgent, liveAgentUrl, allowOrigins, extra, Modules.EMPTY_MODULE, port);
    }

    /** {@code extra} goes to the runtime, {@code serverExtra} to the server's injector. */
    private static ServeRig start(
            LiveAgentClient liveAgent,
            String liveAgentUrl,
            List<String> allowOrigins,
            Module extra,
            Module serverExtra,
            int port) {
        HandoffRuntime runtime = TestRuntime.with(liveAgent, extra);
        Bot shop = runtime.bot(runtime.botLoader().loadOrThrow("shop-bot.yaml", BOT.formatted(liveAgentUrl)));
        Bot other = runtime.bot(runtime.botLoader().loadOrThrow("other-bot.yaml", OTHER_BOT));
        runtime.conversations().resumeHandoffs(List.of(shop, other));
        ServerSettings settings = new ServerSettings("127.0.0.1", port, allowOrigins);
        ChannelServer server = Guice.createInjector(
                        new ChannelModule(settings, runtime.conversations(), List.of(served(shop), served(other))),
                        serverExtra)
                .getInstance(ChannelServer.class);
        server.start();
        return new ServeRig(runtime, server);
    }

    static ServedBot served(Bot bot) {
        return new ServedBot(
                bot,
                bot.definition()
                        .settings(HandoffSettings.class)
                        .map(HandoffSettings::maxMessageLength)
                        .orElse(ServedBot.DEFAULT_MAX_MESSAGE_LENGTH));
    }

    @Override
    public void close() {
        server.stop();
        runtime.close();
    }
}
