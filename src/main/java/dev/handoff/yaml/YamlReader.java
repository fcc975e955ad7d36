package dev.handoff.yaml;

import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML file into a {@link YNode} tree that remembers locations. Input is bounded: the file
 * size, the nesting depth, the number of aliases, and what the document holds once aliases are
 * expanded (values, levels and characters of text, counted as the file is parsed, before anything is
 * expanded: {@link Expansion}); past a bound the error says which bound and where. Used for bots,
 * presets and {@code desk.yaml}: one reader, one error format, the same duplicate-key check for every
 * map at every level.
 */
public final class YamlReader {

    /**
     * The bounds for one YAML file.
     *
     * @param maxBytes the file's size
     * @param maxDepth levels of nesting, aliases expanded
     * @param maxAliases aliases of a list or a map (aliases of a text are bounded by the next three)
     * @param maxNodes values (keys included) once aliases are expanded
     * @param maxExpandedChars characters of text (keys and values) once aliases are expanded, for any
     *     file; see {@link #expandedCharsFor(int)}
     * @param expansionFactor how many times its own size in text a file may hold once aliases are
     *     expanded (at least {@link #SMALL_FILE_EXPANSION} characters)
     */
    public record Limits(
            int maxBytes, int maxDepth, int maxAliases, int maxNodes, long maxExpandedChars, int expansionFactor) {
        /** 1 MiB files, 40 levels, 50 aliases of a list or a map, 200,000 values, 16 times the size in text up to 8 MiB. */
        public static final Limits DEFAULT = new Limits(1 << 20, 40, 50, 200_000, 8L << 20, 16);

        /** The text a small file may always hold once aliases are expanded, whatever its size: 64 Ki characters. */
        public static final long SMALL_FILE_EXPANSION = 64 << 10;

        /**
         * The most characters of text a file of {@code bytes} bytes may hold once its aliases are expanded:
         * {@code expansionFactor} times its size, at least {@link #SMALL_FILE_EXPANSION}, at most {@code
         * maxExpandedChars}. Without aliases a file holds at most its own size in text.
         */
        public long expandedCharsFor(int bytes) {
            return Math.min(maxExpandedChars, Math.max(SMALL_FILE_EXPANSION, (long) expansionFactor * bytes));
        }

        /** The rule of {@link #expandedCharsFor(int)} in words, for messages. */
        String describeExpansion() {
            return expansionFactor + " times its size, at least " + SMALL_FILE_EXPANSION + " and at most "
                    + maxExpandedChars + " characters";
        }
    }

    private final Limits limits;

    public YamlReader() {
        this(Limits.DEFAULT);
    }

    public YamlReader(Limits limits) {
        this.limits = limits;
    }

    /** Parses {@code bytes} read from {@code file}; problems go to {@code problems}, empty if none could be read. */
    public Optional<YNode> read(String file, byte[] bytes, Problems problems) {
        if (bytes.length > limits.maxBytes()) {
            problems.error(
                    ProblemCode.FILE_TOO_LARGE,
                    Loc.of(file),
                    "file is " + bytes.length + " bytes, more than the limit of " + limits.maxBytes()
                            + " bytes for one YAML file (split it, or shorten the examples)");
            return Optional.empty();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.error(ProblemCode.NOT_UTF8, Loc.of(file), "file is not valid UTF-8 text (save it as UTF-8)");
            return Optional.empty();
        }
        var options = new LoaderOptions();
        options.setCodePointLimit(limits.maxBytes());
        options.setNestingDepthLimit(limits.maxDepth());
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setAllowRecursiveKeys(false);
        Node root;
        try {
            var events = new Expansion(
                    new ParserImpl(new StreamReader(new StringReader(text)), options), limits, bytes.length);
            root = new Composer(events, new Resolver(), options).getSingleNode();
        } catch (Expansion.Exceeded e) {
            problems.error(e.code(), loc(file, e.mark()), e.getMessage());
            return Optional.empty();
        } catch (MarkedYAMLException e) {
            problems.add(Problem.error(
                    code(e.getProblem()),
                    loc(file, e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark()),
                    describe(e)));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.error(code(e.getMessage()), Loc.of(file), boundMessage(e.getMessage()));
            return Optional.empty();
        }
        if (root == null) {
            problems.error(
                    ProblemCode.EMPTY_FILE,
                    new Loc(file, 1, 1),
                    "file is empty (a bot needs at least 'id' and 'languages')");
            return Optional.empty();
        }
        return Optional.of(new Converter(file, problems).convert(root));
    }

    /**
     * Copies SnakeYAML's nodes into {@link YNode}s, expanding aliases: {@link Expansion} has bounded
     * what that builds (values, levels, text) and refused values that contain themselves.
     */
    private record Converter(String file, Problems problems) {

        YNode convert(Node node) {
            Loc loc = loc(file, node.getStartMark());
            if (node instanceof MappingNode map) {
                var entries = new LinkedHashMap<String, YNode>();
                var keyLocs = new LinkedHashMap<String, Loc>();
                for (var tuple : map.getValue()) {
                    Node keyNode = tuple.getKeyNode();
                    Loc keyLoc = loc(file, keyNode.getStartMark());
                    if (!(keyNode instanceof ScalarNode sk) || sk.getTag().equals(Tag.NULL)) {
                        problems.error(
                                ProblemCode.BAD_KEY, keyLoc, "a key must be a plain name, not " + describe(keyNode));
                        continue;
                    }
                    if (sk.getTag().equals(Tag.MERGE)) {
                        problems.error(
                                ProblemCode.BAD_KEY,
                                keyLoc,
                                "merge keys (<<) are not supported: write the keys out (or quote '<<' to use it as a"
                                        + " name)");
                        continue;
                    }
                    String key = sk.getValue();
                    Loc first = keyLocs.get(key);
                    if (first != null) {
                        problems.error(
                                ProblemCode.DUPLICATE_KEY,
                                keyLoc,
                                "duplicate key '" + key + "' (first at line " + first.line() + "; remove one)");
                        continue;
                    }
                    keyLocs.put(key, keyLoc);
                    entries.put(key, convert(tuple.getValueNode()));
                }
                return new YNode.YMap(entries, keyLocs, loc);
            }
            if (node instanceof SequenceNode seq) {
                List<YNode> items = new ArrayList<>();
                for (Node item : seq.getValue()) {
                    items.add(convert(item));
                }
                return new YNode.YList(items, loc);
            }
            ScalarNode scalar = (ScalarNode) node;
            boolean isNull = scalar.getTag().equals(Tag.NULL);
            return new YNode.YScalar(isNull ? null : scalar.getValue(), !scalar.isPlain(), loc);
        }
    }

    private static String describe(Node node) {
        return node instanceof MappingNode ? "a map" : node instanceof SequenceNode ? "a list" : "empty";
    }

    private static Loc loc(String file, Mark mark) {
        return mark == null ? Loc.of(file) : new Loc(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String describe(MarkedYAMLException e) {
        String problem = Optional.ofNullable(e.getProblem()).orElse("invalid YAML");
        String context = e.getContext();
        String message = "invalid YAML: " + problem + (context != null ? " (" + context + ")" : "");
        if (problem.contains("'\\t'") || problem.contains("\\t(TAB)")) {
            return message + "; indent with spaces, not tabs";
        }
        if (problem.contains("mapping values are not allowed")) {
            return message + "; put a space after each ':' and quote texts that contain ': '";
        }
        if (problem.contains("expected <block end>") || problem.contains("could not find expected ':'")) {
            return message + "; check the indentation of this line against the lines above";
        }
        if (problem.contains("aliases") || problem.contains("Number of aliases")) {
            return boundMessage(problem);
        }
        if (message.contains("flow mapping") || message.contains("flow sequence")) {
            return message + "; inside {...} or [...] quote texts that contain ',', ':', '?', '[' or '{'";
        }
        if (problem.contains("found undefined alias")) {
            return message + "; define the anchor (&name) before using *name";
        }
        return message;
    }

    /** The code of a SnakeYAML failure: a bound it hit, or invalid YAML. */
    private static ProblemCode code(String raw) {
        String text = raw == null ? "" : raw;
        if (text.contains("aliases")) {
            return ProblemCode.TOO_MANY_ALIASES;
        }
        if (text.contains("Nesting Depth")) {
            return ProblemCode.TOO_DEEP;
        }
        if (text.contains("code points")) {
            return ProblemCode.FILE_TOO_LARGE;
        }
        return ProblemCode.INVALID_YAML;
    }

    private static String boundMessage(String raw) {
        String text = raw == null ? "" : raw;
        if (text.contains("aliases")) {
            return "too many aliases (*name) in one file: more than the limit (write the values out)";
        }
        if (text.contains("Nesting Depth")) {
            return "nested too deeply (more levels than the limit)";
        }
        if (text.contains("code points")) {
            return "file is larger than the limit for a bot or preset file";
        }
        return "invalid YAML: " + text;
    }
}
