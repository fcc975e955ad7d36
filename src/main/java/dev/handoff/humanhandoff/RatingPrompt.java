package dev.handoff.humanhandoff;

import dev.handoff.dialogue.Conversation;
import dev.handoff.dialogue.Reply;
import dev.handoff.liveagent.LiveAgentClient;
import dev.handoff.liveagent.RatingOutcome;
import dev.handoff.liveagent.RatingRequest;
import dev.handoff.routing.Conversations;
import dev.handoff.routing.Route;
import dev.handoff.routing.Router;
import dev.handoff.routing.Takeover;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the user to rate a chat the agent ended (README "The rating addition"): {@code rating_ask} with the buttons 1
 * to 5, then {@code rating_comment_ask} with {@code rating_skip}; thanks the user and sends the rating with {@link
 * LiveAgentClient#rate}, telling the user when it could not be delivered.
 *
 * <p>It holds the conversation only for the user's next answers and routes them nowhere else: an answer that is
 * not a rating is the user's next message for the bot, handed to it unchanged (the rating is dropped), so nothing
 * the user types is lost. Any text is the comment, except the skip. A conversation closed after the rating but
 * before the comment sends the rating without one.
 *
 * <p>Nothing of it is stored: a process that stops meanwhile forgets the question, and the user's next message goes
 * to the bot (the stored handoff is back with the bot).
 *
 * <p>Every method runs with the conversation's lock held (a {@link Takeover}); the rating's answer comes back on the
 * client's thread and takes the lock through {@link Conversations#record}.
 */
final class RatingPrompt implements Takeover {
    private static final Logger log = LoggerFactory.getLogger(RatingPrompt.class);
    static final List<String> OPTIONS = List.of("1", "2", "3", "4", "5");

    private final Conversation conversation;
    private final HandoffSettings settings;
    private final Router router;
    private final Conversations conversations;
    private final LiveAgentClient client;
    private final HandoffMetrics metrics;
    private final RatingRequest unrated;
    private final String department;
    /** The rating given, {@code null} until then; guarded by the conversation's lock. */
    private Integer rating;

    private boolean done;

    RatingPrompt(
            Conversation conversation,
            HandoffSettings settings,
            Router router,
            Conversations conversations,
            LiveAgentClient client,
            HandoffMetrics metrics,
            RatingRequest unrated,
            String department) {
        this.conversation = conversation;
        this.settings = settings;
        this.router = router;
        this.conversations = conversations;
        this.client = client;
        this.metrics = metrics;
        this.unrated = unrated;
        this.department = department;
    }

    /** Asks, and takes the user's next message. Called with the conversation's lock held. */
    void ask() {
        router.takeOver(conversation, this);
        metrics.ratingAsked(department);
        conversation.say(new Reply.BotButtons(text("rating_ask"), OPTIONS));
    }

    @Override
    public Route route() {
        return Route.NLP_PIPELINE;
    }

    @Override
    public void receive(Conversation c, String text) {
        if (rating == null) {
            Integer given = rating(text);
            if (given == null) {
                log.info("conversation {}: the user answered the rating with a message; no rating", c.id());
                done = true;
                router.release(c, this);
                router.receive(c, text); // the bot answers it, as if nothing had been asked
                return;
            }
            rating = given;
            metrics.ratingGiven(department, given);
            c.say(new Reply.BotButtons(text("rating_comment_ask"), List.of(text("rating_skip"))));
            return;
        }
        String comment = text.strip();
        if (comment.length() > settings.maxMessageLength()) {
            c.say(new Reply.SystemNotice(settings.tooLong(comment.length(), c.language())));
            return;
        }
        if (comment.isEmpty() || isSkip(comment)) comment = null;
        done = true;
        router.release(c, this);
        c.say(new Reply.BotText(text("rating_thanks")));
        send(comment);
    }

    /** The conversation closes: a rating given is sent without its comment. */
    @Override
    public void close(Conversation c) {
        if (!done && rating != null) {
            done = true;
            send(null);
        }
        done = true;
    }

    /**
     * The process stops: the question is forgotten (nothing of it is stored), but a rating already given is sent
     * without its comment, as when the conversation closes.
     */
    @Override
    public void suspend(Conversation c) {
        close(c);
    }

    private void send(String comment) {
        RatingRequest request = new RatingRequest(
                unrated.liveAgentUrls(),
                unrated.key(),
                unrated.conversationId(),
                unrated.botId(),
                unrated.chatId(),
                unrated.resumeToken(),
                rating,
                comment);
        client.rate(request)
                .whenComplete(
                        (outcome, failure) -> delivered(failure == null ? outcome : RatingOutcome.failed("error")));
    }

    /** On the client's thread: counted, and the user told when it was not delivered. */
    private void delivered(RatingOutcome outcome) {
        if (outcome.delivered()) {
            metrics.ratingDelivered(department);
            return;
        }
        metrics.ratingFailed(department, outcome.reason());
        log.warn(
                "conversation {}: the rating of chat {} was not delivered ({})",
                conversation.id(),
                unrated.chatId(),
                outcome.reason());
        conversations.record(
                conversation, null, () -> conversation.say(new Reply.SystemNotice(text("rating_not_delivered"))));
    }

    /** 1 to 5 as typed or as a button ("4", "4.", "4)"), or as that many stars; else {@code null}. */
    static Integer rating(String text) {
        String answer = text.strip();
        if (answer.endsWith(")") || answer.endsWith("."))
            answer = answer.substring(0, answer.length() - 1).strip();
        if (answer.length() == 1 && answer.charAt(0) >= '1' && answer.charAt(0) <= '5') return answer.charAt(0) - '0';
        if (!answer.isEmpty() && answer.chars().allMatch(ch -> ch == '★' || ch == '*')) {
            int stars = answer.length();
            return stars <= 5 ? stars : null;
        }
        return null;
    }

    private boolean isSkip(String comment) {
        String skip = text("rating_skip").strip().toLowerCase(Locale.ROOT);
        return comment.toLowerCase(Locale.ROOT).equals(skip) || comment.equalsIgnoreCase("skip");
    }

    private String text(String name) {
        return settings.message(name).in(conversation.language());
    }
}
