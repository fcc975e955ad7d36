package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Payloads an agent sends on {@code /agents}. Unknown keys are ignored. */
public final class Requests {
    private Requests() {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Status(String status) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Language(String language) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ChatRef(String chatId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Send(String chatId, String text) {}

    /** Exactly one of {@code agent} (a name) and {@code department}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Transfer(String chatId, String agent, String department) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Subject(String chatId, String subject) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Page(Integer offset, Integer limit) {}
}
