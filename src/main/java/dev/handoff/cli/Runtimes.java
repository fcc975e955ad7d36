package dev.handoff.cli;

import com.google.inject.Module;
import dev.handoff.liveagent.LiveAgentModule;
import dev.handoff.nlp.NlpModule;
import java.util.List;

/** The production infrastructure: the built-in NLP pipeline and the Socket.IO live-agent client. */
final class Runtimes {
    private Runtimes() {}

    static List<Module> infrastructure() {
        return List.of(new NlpModule(), new LiveAgentModule());
    }
}
