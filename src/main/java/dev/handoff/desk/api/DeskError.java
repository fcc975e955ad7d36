package dev.handoff.desk.api;

/** A refused request: the {@code event} it answers, a stable {@code code}, and a message for people. */
public record DeskError(String event, String code, String message) {}
