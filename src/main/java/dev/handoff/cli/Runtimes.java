package dev.handoff.cli;

import com.google.inject.Module;
import dev.handoff.liveagent.LiveAgentModule;
import dev.handoff.nlp.NlpModule;
import dev.handoff.translate.lingua.LanguageDetectionModule;
import java.util.List;

/**
 * The production infrastructure: the built-in NLP pipeline, language detection on lingua and the Socket.IO
 * live-agent client.
 */
final class Runtimes {
    private Runtimes() {}

    static List<Module> infrastructure() {
        return List.of(new NlpModule(), new LanguageDetectionModule(), new LiveAgentModule());
    }
}
