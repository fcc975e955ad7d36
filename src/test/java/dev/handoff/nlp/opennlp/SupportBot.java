package dev.handoff.nlp.opennlp;

import dev.handoff.nlp.TrainingData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A realistic small support bot: English intents and a few isiZulu ones. */
final class SupportBot {

    private SupportBot() {}

    static Map<String, List<String>> english() {
        var intents = new LinkedHashMap<String, List<String>>();
        intents.put(
                "greet",
                List.of(
                        "hello",
                        "hi",
                        "hey",
                        "good morning",
                        "good afternoon",
                        "good evening",
                        "hi there",
                        "hello there",
                        "howzit",
                        "greetings"));
        intents.put(
                "thanks",
                List.of(
                        "thanks",
                        "thank you",
                        "thank you very much",
                        "thanks a lot",
                        "much appreciated",
                        "cheers",
                        "thanks for your help",
                        "great thanks"));
        intents.put(
                "goodbye",
                List.of(
                        "bye",
                        "goodbye",
                        "see you later",
                        "bye bye",
                        "have a nice day",
                        "talk to you later",
                        "that is all for now",
                        "cheers bye"));
        intents.put(
                "opening_hours",
                List.of(
                        "what are your opening hours",
                        "when are you open",
                        "what time do you open",
                        "what time do you close",
                        "are you open on sunday",
                        "opening hours",
                        "business hours",
                        "when does the shop open",
                        "are you open today",
                        "trading hours"));
        intents.put(
                "talk_to_human",
                List.of(
                        "I want to talk to a person",
                        "can I speak to a human",
                        "connect me to an agent",
                        "real person please",
                        "human",
                        "agent",
                        "let me talk to someone",
                        "I need a real person",
                        "transfer me to a consultant",
                        "speak to a human being",
                        "talk to a human"));
        return intents;
    }

    static Map<String, List<String>> isiZulu() {
        var intents = new LinkedHashMap<String, List<String>>();
        intents.put("greet", List.of("sawubona", "sanibonani", "sawubona mngane", "yebo sawubona", "hawu sawubona"));
        intents.put("thanks", List.of("ngiyabonga", "ngiyabonga kakhulu", "siyabonga", "ngiyabonga mngane"));
        intents.put(
                "talk_to_human",
                List.of(
                        "ngifuna ukukhuluma nomuntu",
                        "ngicela ukukhuluma nomuntu",
                        "ngixhumanise nomsebenzi",
                        "ngifuna umuntu wangempela",
                        "umuntu"));
        return intents;
    }

    static TrainingData data() {
        return new TrainingData(Map.of("en", english(), "zu", isiZulu()));
    }
}
