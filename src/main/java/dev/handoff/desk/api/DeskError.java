package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A refused request: the {@code event} it answers, a stable {@code code}, and a message for people. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeskError(String event, String code, String message) {}
