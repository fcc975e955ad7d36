package dev.handoff.dialogue;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.nlp.KeywordNlp;
import dev.handoff.nlp.NlpPipelineFactory;
import dev.handoff.translate.lingua.LanguageDetectionModule;
import java.util.List;

/** Runtimes for dialogue tests: the real plugins and presets, a predictable NLP, and a live agent of the test's choosing. */
public final class TestRuntime {
    private TestRuntime() {}

    public static HandoffRuntime withFakeLiveAgent(FakeLiveAgentClient liveAgent) {
        return with(liveAgent, Modules.EMPTY_MODULE);
    }

    public static HandoffRuntime with(LiveAgentClient liveAgent, Module overrides) {
        return HandoffRuntime.create(List.of(predictable(liveAgent)), overrides);
    }

    /** With language detection on lingua, as in production. */
    public static HandoffRuntime withLanguageDetection(LiveAgentClient liveAgent) {
        return HandoffRuntime.create(
                List.of(predictable(liveAgent), new LanguageDetectionModule()), Modules.EMPTY_MODULE);
    }

    private static Module predictable(LiveAgentClient liveAgent) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(NlpPipelineFactory.class).to(KeywordNlp.class);
                bind(LiveAgentClient.class).toInstance(liveAgent);
            }
        };
    }
}
