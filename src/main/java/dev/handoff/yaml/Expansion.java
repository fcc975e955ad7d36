package dev.handoff.yaml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;

/**
 * Counts what a document holds once its aliases are expanded, event by event as SnakeYAML's composer
 * takes them, and stops the parse at the first event past a bound: more characters of text (keys and
 * values), more values, or more levels than {@link YamlReader.Limits} allow. An alias costs what its
 * anchor holds, learnt once when the anchor's value ends, so the count costs one step per event
 * whatever the alias stands for; nothing is expanded to count it. An alias inside the value its anchor
 * names (a value that contains itself) is refused: expanded, it would never end. So is a tag the
 * composer would fail on with an exception of its own, where the tag is written.
 *
 * <p>Wraps the parser the composer reads: the composer builds nodes that share anchored values, and
 * only {@link YamlReader}'s conversion expands them, after this count has let the document through.
 * One instance reads one document; not thread-safe.
 */
final class Expansion implements Parser {

    /** Why the document is refused (a bound it went past, a tag the composer cannot take), at {@code mark}. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final ProblemCode code;
        private final transient Mark mark;

        Refused(ProblemCode code, Mark mark, String message) {
            super(message, null, false, false);
            this.code = code;
            this.mark = mark;
        }

        ProblemCode code() {
            return code;
        }

        Mark mark() {
            return mark;
        }
    }

    /** One anchor's value: what it holds once expanded, known when the value has ended. */
    private static final class Anchored {
        boolean open = true;
        long chars;
        long nodes;
        /** Levels below the value: 0 for a text or an empty collection. */
        int height;
    }

    /** A collection being read. */
    private static final class Frame {
        final Anchored anchored;
        final long charsBefore;
        final long nodesBefore;
        int height;

        Frame(Anchored anchored, long charsBefore, long nodesBefore) {
            this.anchored = anchored;
            this.charsBefore = charsBefore;
            this.nodesBefore = nodesBefore;
        }
    }

    private final Parser parser;
    private final YamlReader.Limits limits;
    private final long maxChars;
    private final Map<String, Anchored> anchors = new HashMap<>();
    private final Deque<Frame> open = new ArrayDeque<>();
    private long chars;
    private long nodes;

    /** Counts the events of {@code parser} for a file of {@code fileBytes} bytes. */
    Expansion(Parser parser, YamlReader.Limits limits, int fileBytes) {
        this.parser = parser;
        this.limits = limits;
        this.maxChars = limits.expandedCharsFor(fileBytes);
    }

    @Override
    public boolean checkEvent(Event.ID id) {
        return parser.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public Event getEvent() {
        Event event = parser.getEvent();
        if (event instanceof ScalarEvent scalar) {
            onScalar(scalar);
        } else if (event instanceof AliasEvent alias) {
            onAlias(alias);
        } else if (event instanceof CollectionStartEvent start) {
            onStart(start);
        } else if (event.is(Event.ID.SequenceEnd) || event.is(Event.ID.MappingEnd)) {
            onEnd();
        }
        return event;
    }

    private void onScalar(ScalarEvent scalar) {
        checkTag(scalar.getTag(), scalar.getStartMark());
        checkDepth(open.size(), scalar.getStartMark(), "");
        add(scalar.getValue().length(), 1, scalar.getStartMark(), "");
        childOfHeight(0);
        if (scalar.getAnchor() != null) {
            Anchored a = new Anchored();
            a.open = false;
            a.chars = scalar.getValue().length();
            a.nodes = 1;
            anchors.put(scalar.getAnchor(), a);
        }
    }

    private void onStart(CollectionStartEvent start) {
        checkTag(start.getTag(), start.getStartMark());
        checkDepth(open.size(), start.getStartMark(), "");
        Anchored anchored = null;
        if (start.getAnchor() != null) {
            anchored = new Anchored();
            anchors.put(start.getAnchor(), anchored);
        }
        open.push(new Frame(anchored, chars, nodes));
        add(0, 1, start.getStartMark(), "");
    }

    private void onEnd() {
        Frame frame = open.pop();
        if (frame.anchored != null) {
            frame.anchored.chars = chars - frame.charsBefore;
            frame.anchored.nodes = nodes - frame.nodesBefore;
            frame.anchored.height = frame.height;
            frame.anchored.open = false;
        }
        childOfHeight(frame.height);
    }

    private void onAlias(AliasEvent alias) {
        Anchored a = anchors.get(alias.getAnchor());
        if (a == null) {
            return; // the composer reports the undefined alias
        }
        Mark mark = alias.getStartMark();
        if (a.open) {
            throw new Refused(
                    ProblemCode.TOO_DEEP,
                    mark,
                    "the alias *" + alias.getAnchor() + " is inside the value &" + alias.getAnchor()
                            + " names: a value that contains itself never ends (write the values out)");
        }
        String at = " (reached at this alias, *" + alias.getAnchor() + ")";
        checkDepth(open.size() + a.height, mark, at);
        add(a.chars, a.nodes, mark, at);
        childOfHeight(a.height);
    }

    /**
     * A tag the composer would fail on with an {@link IllegalArgumentException} (SnakeYAML's {@code Tag}
     * takes no empty tag and none with spaces or control characters around it), reported where it is.
     */
    private static void checkTag(String tag, Mark mark) {
        if (tag != null && !tag.equals("!") && (tag.isEmpty() || tag.trim().length() != tag.length())) {
            throw new Refused(
                    ProblemCode.INVALID_YAML,
                    mark,
                    "invalid YAML: the tag '" + tag.replaceAll("\\p{Cntrl}", "?")
                            + "' has spaces or control characters around it");
        }
    }

    /** The collection being read has a child {@code height} levels deep below it. */
    private void childOfHeight(int height) {
        Frame parent = open.peek();
        if (parent != null) {
            parent.height = Math.max(parent.height, height + 1);
        }
    }

    /** {@code at} names the alias that went past the bound, or is empty. */
    private void checkDepth(int depth, Mark mark, String at) {
        if (depth > limits.maxDepth()) {
            throw new Refused(
                    ProblemCode.TOO_DEEP,
                    mark,
                    "nested more than " + limits.maxDepth() + " levels deep"
                            + (at.isEmpty() ? "" : " once aliases are expanded" + at));
        }
    }

    private void add(long moreChars, long moreNodes, Mark mark, String at) {
        nodes += moreNodes;
        if (nodes > limits.maxNodes()) {
            throw new Refused(
                    ProblemCode.TOO_MANY_VALUES,
                    mark,
                    "more than " + limits.maxNodes() + " values"
                            + (at.isEmpty() ? "" : " once aliases are expanded" + at)
                            + " (use fewer aliases, or write the values out)");
        }
        chars += moreChars;
        if (chars > maxChars) {
            throw new Refused(
                    ProblemCode.TOO_LARGE_EXPANDED,
                    mark,
                    "more than " + maxChars + " characters of text once aliases are expanded" + at
                            + "; the limit for a file of this size is " + limits.describeExpansion()
                            + " (use fewer aliases, or write the values out)");
        }
    }
}
