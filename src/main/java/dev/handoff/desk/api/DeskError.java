package dev.handoff.desk.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;

/** A refused request: the {@code event} it answers, a stable {@code code}, and a message for people. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeskError(String event, String code, String message) {

    /** The stable codes of {@link DeskError#code()}; {@link #wire()} is what an agent receives. */
    public enum Code {
        /** The payload is malformed, or a value is not one of the valid choices. */
        BAD_REQUEST,
        /** No such chat (or no open chat, or no archived chat, as the request needs). */
        NOT_FOUND,
        /** The chat is with another agent, or waiting. */
        NOT_YOURS,
        /** The chat to take is already assigned. */
        NOT_WAITING,
        /** The chat waits in a department the agent does not serve. */
        NOT_YOUR_DEPARTMENT,
        /** The agent already has its maximum of chats. */
        AT_CAPACITY,
        /** A message, key or subject is longer than allowed. */
        TOO_LONG,
        /** No agent of that name. */
        UNKNOWN_AGENT,
        /** No department of that name. */
        UNKNOWN_DEPARTMENT,
        /** The agent to transfer to is not connected. */
        AGENT_OFFLINE,
        /** The connection has no valid token. */
        INVALID_TOKEN,
        /** The console's sign-in: the name or the password is wrong (never which). */
        INVALID_CREDENTIALS,
        /** Too many sign-in attempts from this address or for this agent; wait, then try again. */
        TOO_MANY_ATTEMPTS,
        /** The connection sends events faster than {@code security.limits} allows; send it again later. */
        RATE_LIMITED,
        /** Too many new chats or connections from this address, or chats of this bot; try again later. */
        OVER_CAPACITY,
        /** A bot that has a key did not present it, or presented a wrong one. */
        INVALID_KEY,
        /** Another live connection carries this conversation, and this one cannot prove it may resume it. */
        CONVERSATION_IN_USE,
        /** The Origin of the page is not allowed on this namespace. */
        ORIGIN_NOT_ALLOWED,
        /** Only an agent whose role is {@code supervisor} may do this (the console's reports). */
        SUPERVISORS_ONLY,
        /** {@code rate_chat}: no chat with that id for this bot and conversation, or the resume token does not match. */
        UNKNOWN_CHAT,
        /** {@code rate_chat}: the chat is still live. */
        CHAT_OPEN,
        /** {@code rate_chat}: the chat has a rating already; the first one stands. */
        ALREADY_RATED,
        /** {@code rate_chat}: the rating is not a whole number from 1 to 5, or the comment is not text or too long. */
        INVALID_RATING,
        /** The database is behind (too many writes waiting); nothing was changed, try again shortly. */
        BUSY,
        /**
         * Cluster mode: this node cannot reach the desk's leader now (it is being elected again, or Redis or
         * PostgreSQL is unreachable); the request may not have been taken: send it again shortly.
         */
        UNAVAILABLE,
        /** The desk failed; its log says why. */
        INTERNAL;

        /** The code as sent in {@code desk_error}: {@code not_found}, {@code at_capacity}, ... */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
