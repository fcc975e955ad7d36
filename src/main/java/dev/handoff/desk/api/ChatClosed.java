package dev.handoff.desk.api;

/** {@code reason}: {@code resolved}, {@code user_disconnected}, {@code idle}, {@code transferred}. */
public record ChatClosed(String chatId, String reason) {}
