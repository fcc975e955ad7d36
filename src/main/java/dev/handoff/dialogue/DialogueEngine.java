package dev.handoff.dialogue;

import dev.handoff.dialogue.Conversation.Pending;
import dev.handoff.dialogue.Conversation.PendingButtons;
import dev.handoff.dialogue.Conversation.PendingField;
import dev.handoff.nlp.Interpretation;
import dev.handoff.preset.FieldType;
import dev.handoff.preset.Step;
import dev.handoff.preset.StreamDef;
import dev.handoff.preset.Text;
import dev.handoff.translate.DetectedLanguage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the bot's side of a turn: a pending menu or form field gets the answer; otherwise the NLP
 * pipeline names an intent and its stream runs, or the message counts as misunderstood (the
 * fallback response, and after enough in a row the stream triggered by misunderstanding).
 *
 * <p>Before the turn, a conversation whose user did not choose the language follows the language the user
 * writes in: when the bot's detector is sure (a sentence of three words or more, clearly one language) and the
 * language is another of the bot's, the conversation switches, so the answer (and a later handoff) is in it.
 * An answer to a form field (a name, an email address) is never looked at; a word, a name or an unsure call
 * changes nothing, so the language holds until the user writes a whole sentence in another one.
 */
@Singleton
public final class DialogueEngine {
    private static final Logger log = LoggerFactory.getLogger(DialogueEngine.class);
    private final Map<String, DialogueAction> actions;
    private Set<StreamObserver> observers = Set.of();

    @Inject
    public DialogueEngine(Map<String, DialogueAction> actions) {
        this.actions = Map.copyOf(actions);
    }

    /** The features that watch the streams run (their figures, for example). */
    @com.google.inject.Inject(optional = true)
    void useObservers(Set<StreamObserver> observers) {
        this.observers = Set.copyOf(observers);
    }

    /** A user turn routed to the bot. */
    public void handle(Conversation c, String text) {
        synchronized (c) {
            c.recordUser(text);
            Pending pending = c.pending();
            if (!(pending instanceof PendingField)) {
                followUsersLanguage(c, text);
            }
            if (pending instanceof PendingButtons p) {
                answerButtons(c, p, text);
            } else if (pending instanceof PendingField p) {
                answerField(c, p, text);
            } else {
                interpret(c, text);
            }
        }
    }

    private static void followUsersLanguage(Conversation c, String text) {
        if (c.languageChosen()) {
            return;
        }
        Optional<DetectedLanguage> detected = c.bot().languageDetector().detect(text);
        if (detected.isPresent()
                && !detected.get().language().equals(c.language())
                && c.bot().definition().languages().contains(detected.get().language())) {
            log.info(
                    "conversation {}: the user writes {} (confidence {}): switching from {}",
                    c.id(),
                    detected.get().language(),
                    String.format(java.util.Locale.ROOT, "%.2f", detected.get().confidence()),
                    c.language());
            c.switchLanguage(detected.get().language());
        }
    }

    /**
     * Another party (a live agent) takes the conversation over: the stream in progress, a menu or form
     * field waiting for its answer, is dropped.
     */
    public void interrupt(Conversation c) {
        synchronized (c) {
            c.setPending(null);
        }
    }

    /** The conversation is back with the bot: misunderstandings before the takeover no longer count. */
    public void resume(Conversation c) {
        synchronized (c) {
            c.setMisunderstoodStreak(0);
        }
    }

    private void interpret(Conversation c, String text) {
        Interpretation interpretation = c.bot().nlp().interpret(c.language(), text);
        Optional<StreamDef> stream =
                interpretation.intent().flatMap(i -> c.bot().streamFor(i));
        log.debug(
                "conversation {}: '{}' → {} ({})",
                c.id(),
                text,
                interpretation.intent().orElse("misunderstood"),
                interpretation.confidence());
        if (stream.isPresent()) {
            c.setMisunderstoodStreak(0);
            run(c, stream.get(), 0);
        } else {
            misunderstood(c, () -> say(c, c.bot().response(BuiltInTexts.FALLBACK)));
        }
    }

    private void misunderstood(Conversation c, Runnable otherwise) {
        int streak = c.misunderstoodStreak() + 1;
        c.setMisunderstoodStreak(streak);
        Optional<StreamDef> offer = c.bot().streamAfterMisunderstood(streak);
        if (offer.isPresent() && !isPendingIn(c, offer.get())) {
            c.setMisunderstoodStreak(0);
            c.setPending(null);
            run(c, offer.get(), 0);
        } else {
            otherwise.run();
        }
    }

    private boolean isPendingIn(Conversation c, StreamDef stream) {
        return c.pending() != null && c.pending().stream().name().equals(stream.name());
    }

    private void answerButtons(Conversation c, PendingButtons p, String text) {
        Optional<Step.Option> chosen = choose(p.buttons(), text);
        if (chosen.isPresent()) {
            c.setPending(null);
            c.setMisunderstoodStreak(0);
            Step.Option option = chosen.get();
            if (p.buttons().slot() != null && option.id() != null) {
                c.setSlot(p.buttons().slot(), option.id());
            }
            if (option.say() != null) {
                say(c, option.say());
            }
            String next = option.next() != null
                    ? option.next()
                    : option.id() != null ? p.buttons().next() : null;
            if (next != null) {
                c.bot()
                        .target(next)
                        .ifPresentOrElse(
                                s -> run(c, s, 0),
                                () -> log.warn("conversation {}: next '{}' is not a stream", c.id(), next));
            } else if (option.say() == null) {
                run(c, p.stream(), p.step() + 1);
            }
            return;
        }
        // Not an option: the user may have changed the subject.
        Interpretation interpretation = c.bot().nlp().interpret(c.language(), text);
        Optional<StreamDef> stream =
                interpretation.intent().flatMap(i -> c.bot().streamFor(i));
        if (stream.isPresent() && !stream.get().name().equals(p.stream().name())) {
            c.setPending(null);
            c.setMisunderstoodStreak(0);
            run(c, stream.get(), 0);
            return;
        }
        misunderstood(c, () -> {
            say(c, c.bot().response(BuiltInTexts.CHOOSE_OPTION));
            showButtons(c, p.buttons());
        });
    }

    private static Optional<Step.Option> choose(Step.Buttons buttons, String text) {
        String answer = text.strip();
        if (answer.endsWith(")") || answer.endsWith(".")) {
            answer = answer.substring(0, answer.length() - 1).strip();
        }
        try {
            int number = Integer.parseInt(answer);
            if (number >= 1 && number <= buttons.options().size()) {
                return Optional.of(buttons.options().get(number - 1));
            }
            return Optional.empty();
        } catch (NumberFormatException notANumber) {
            String label = answer;
            return buttons.options().stream()
                    .filter(o -> o.label().matches(label))
                    .findFirst();
        }
    }

    private void answerField(Conversation c, PendingField p, String text) {
        Step.Field field = p.field();
        String value = text.strip();
        if (!field.type().accepts(value)) {
            say(c, field.invalid() != null ? field.invalid() : field.ask());
            return;
        }
        if (field.type() == FieldType.EMAIL_OR_PHONE) {
            c.setSlot(FieldType.isEmail(value) ? "email" : "phone", value);
        }
        c.setSlot(field.slot(), value);
        c.setPending(null);
        run(c, p.stream(), p.step());
    }

    /** Runs {@code stream} from step {@code from} until it waits for the user, stops, or ends. */
    private void run(Conversation c, StreamDef stream, int from) {
        List<Step> steps = stream.steps();
        for (int i = from; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step instanceof Step.Say s) {
                say(c, s.text());
            } else if (step instanceof Step.Buttons b) {
                showButtons(c, b);
                c.setPending(new PendingButtons(stream, i, b));
                menuShown(c, stream);
                return;
            } else if (step instanceof Step.Form f) {
                Optional<Step.Field> missing =
                        f.fields().stream().filter(field -> !known(c, field)).findFirst();
                if (missing.isPresent()) {
                    say(c, missing.get().ask());
                    c.setPending(new PendingField(stream, i, f, missing.get()));
                    return;
                }
            } else if (step instanceof Step.Action a) {
                if (runAction(c, stream, a) != DialogueAction.Outcome.CONTINUE) {
                    return;
                }
            }
        }
    }

    /**
     * Runs one action, contained: an action that is not bound, throws, or returns no outcome is logged
     * naming the action and its class; the user gets the fallback response and the conversation goes
     * on with the bot (the stream stops there).
     */
    private DialogueAction.Outcome runAction(Conversation c, StreamDef stream, Step.Action step) {
        DialogueAction action = actions.get(step.name());
        if (action == null) {
            log.error(
                    "conversation {}: stream '{}' runs action '{}', which is not bound (bound: {}); the user gets the fallback response",
                    c.id(),
                    stream.name(),
                    step.name(),
                    String.join(", ", new TreeSet<>(actions.keySet())));
            say(c, c.bot().response(BuiltInTexts.FALLBACK));
            return DialogueAction.Outcome.STOP;
        }
        DialogueAction.Outcome outcome;
        try {
            outcome = action.run(new ActionContext(c, c.bot(), step.args()));
        } catch (RuntimeException e) {
            log.error(
                    "conversation {}: stream '{}': action '{}' ({}) failed; the user gets the fallback response",
                    c.id(),
                    stream.name(),
                    step.name(),
                    action.getClass().getName(),
                    e);
            say(c, c.bot().response(BuiltInTexts.FALLBACK));
            return DialogueAction.Outcome.STOP;
        }
        if (outcome == null) {
            log.error(
                    "conversation {}: stream '{}': action '{}' ({}) broke its contract: it returned no outcome (CONTINUE or STOP); the user gets the fallback response",
                    c.id(),
                    stream.name(),
                    step.name(),
                    action.getClass().getName());
            say(c, c.bot().response(BuiltInTexts.FALLBACK));
            return DialogueAction.Outcome.STOP;
        }
        return outcome;
    }

    /** Tells the observers, contained: one that throws is logged and the turn goes on. */
    private void menuShown(Conversation c, StreamDef stream) {
        for (StreamObserver o : observers) {
            try {
                o.menuShown(c, stream.name());
            } catch (RuntimeException e) {
                log.error(
                        "conversation {}: stream observer {} failed on stream '{}'; ignored",
                        c.id(),
                        o.getClass().getName(),
                        stream.name(),
                        e);
            }
        }
    }

    private static boolean known(Conversation c, Step.Field field) {
        if (field.type() == FieldType.EMAIL_OR_PHONE) {
            return c.slot(field.slot()).isPresent()
                    || c.slot("email").isPresent()
                    || c.slot("phone").isPresent();
        }
        return c.slot(field.slot()).isPresent();
    }

    private static void showButtons(Conversation c, Step.Buttons b) {
        String language = c.language();
        c.say(new Reply.BotButtons(
                b.text().in(language),
                b.options().stream().map(o -> o.label().in(language)).toList()));
    }

    private static void say(Conversation c, Text text) {
        c.say(new Reply.BotText(text.in(c.language())));
    }
}
