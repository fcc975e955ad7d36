package dev.handoff.humanhandoff;

import dev.handoff.liveagent.LiveAgentUrls;
import dev.handoff.preset.Text;
import dev.handoff.yaml.Binder;
import dev.handoff.yaml.ProblemCode;
import dev.handoff.yaml.YNode;
import dev.handoff.yaml.YNode.YMap;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The human_handoff preset's settings, as a bot has them once its overrides are merged in: bound
 * once when the bot is loaded ({@link HumanHandoffPlugin#settings()}) and read by the executor from
 * the bot's definition. {@code liveAgentKey} is the bot's key for the live-agent server ({@link
 * LiveAgentKey#NONE} when the bot has none); {@link #toString()} never shows it.
 */
public record HandoffSettings(
        LiveAgentUrls liveAgentUrls,
        List<Department> departments,
        int offerAfterMisunderstood,
        boolean collectContact,
        Duration connectTimeout,
        Duration reconnectTimeout,
        String exitCommand,
        int maxMessageLength,
        Map<String, Text> messages,
        LiveAgentKey liveAgentKey,
        boolean askRating) {

    public static final String PRESET = "human_handoff";
    /** Messages the handoff itself says (the streams' messages are checked where they are used). */
    public static final List<String> NOTICES = List.of(
            "connected",
            "waiting",
            "agent_joined",
            "too_long",
            "reconnecting",
            "ended",
            "left",
            "failed",
            "undelivered",
            "agent_away",
            "agent_back",
            "not_delivered",
            "rating_ask",
            "rating_comment_ask",
            "rating_skip",
            "rating_thanks",
            "rating_not_delivered");

    /** The highest {@code max_message_length} a bot may set: a million characters. */
    static final int MAX_MESSAGE_LENGTH = 1_000_000;

    /** The live-agent namespace the client adds to the base URL (PROTOCOL.md's; not imported: humanhandoff stays off the wire). */
    private static final String NAMESPACE = "/live_agent";

    public record Department(String id, Text label) {}

    /** {@code ${NAME}}: the whole value names an environment variable. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * The {@code live_agent_key} setting: where the key comes from ({@code source}: a literal, or an
     * environment variable's name) and the key itself ({@code value}, {@code null}: none). Read once,
     * when the bot is loaded; {@link #toString()} shows where it comes from, never the key.
     */
    public record LiveAgentKey(String variable, String value) {
        public static final LiveAgentKey NONE = new LiveAgentKey(null, null);

        public LiveAgentKey {
            value = value == null || value.isEmpty() ? null : value;
        }

        /** A key written in the bot file. */
        public static LiveAgentKey literal(String key) {
            return new LiveAgentKey(null, key);
        }

        @Override
        public String toString() {
            if (variable != null) return "${" + variable + "}" + (value == null ? " (not set)" : "");
            return value == null ? "none" : "***";
        }
    }

    public HandoffSettings {
        departments = List.copyOf(departments);
        messages = Map.copyOf(messages);
        liveAgentKey = liveAgentKey == null ? LiveAgentKey.NONE : liveAgentKey;
    }

    /** Settings that do not ask for ratings. */
    public HandoffSettings(
            LiveAgentUrls liveAgentUrls,
            List<Department> departments,
            int offerAfterMisunderstood,
            boolean collectContact,
            Duration connectTimeout,
            Duration reconnectTimeout,
            String exitCommand,
            int maxMessageLength,
            Map<String, Text> messages,
            LiveAgentKey liveAgentKey) {
        this(
                liveAgentUrls,
                departments,
                offerAfterMisunderstood,
                collectContact,
                connectTimeout,
                reconnectTimeout,
                exitCommand,
                maxMessageLength,
                messages,
                liveAgentKey,
                false);
    }

    /** Settings without a live-agent key. */
    public HandoffSettings(
            LiveAgentUrls liveAgentUrls,
            List<Department> departments,
            int offerAfterMisunderstood,
            boolean collectContact,
            Duration connectTimeout,
            Duration reconnectTimeout,
            String exitCommand,
            int maxMessageLength,
            Map<String, Text> messages) {
        this(
                liveAgentUrls,
                departments,
                offerAfterMisunderstood,
                collectContact,
                connectTimeout,
                reconnectTimeout,
                exitCommand,
                maxMessageLength,
                messages,
                LiveAgentKey.NONE);
    }

    /**
     * The {@code too_long} notice for a message of {@code length} characters, in {@code language}: its
     * {@code {length}} and {@code {max}} filled in.
     */
    public String tooLong(int length, String language) {
        return message("too_long")
                .in(language)
                .replace("{length}", Integer.toString(length))
                .replace("{max}", Integer.toString(maxMessageLength));
    }

    /**
     * The {@code waiting} notice (a desk that reports its queue: the chat waits at {@code position}, 1:
     * next), in {@code language}: its {@code {position}} filled in.
     */
    public String waiting(int position, String language) {
        return message("waiting").in(language).replace("{position}", Integer.toString(position));
    }

    /** The {@code agent_joined} notice for the agent the desk names, in {@code language}: its {@code {agent}} filled in. */
    public String agentJoined(String agent, String language) {
        return message("agent_joined").in(language).replace("{agent}", agent);
    }

    public Text message(String name) {
        Text text = messages.get(name);
        if (text == null) {
            throw new IllegalStateException("human_handoff message '" + name + "' is missing");
        }
        return text;
    }

    /** Binds and checks the settings; every problem goes to the binder with its location. */
    public static Optional<HandoffSettings> bind(YMap s, Binder b) {
        return bind(s, b, System::getenv);
    }

    /** As {@link #bind(YMap, Binder)}, reading {@code ${NAME}} from {@code environment}. */
    static Optional<HandoffSettings> bind(YMap s, Binder b, UnaryOperator<String> environment) {
        String what = "human_handoff setting";
        Optional<LiveAgentUrls> url = get(s, b, "live_agent_url").flatMap(n -> liveAgentUrls(n, b));
        List<Department> departments =
                get(s, b, "departments").map(n -> departments(n, b)).orElse(List.of());
        int offer = get(s, b, "offer_after_misunderstood")
                .flatMap(n -> b.integer(n, what + " 'offer_after_misunderstood'", 0, 100))
                .orElse(2);
        boolean collect = get(s, b, "collect_contact")
                .flatMap(n -> b.bool(n, what + " 'collect_contact'"))
                .orElse(true);
        int connect = get(s, b, "connect_timeout_seconds")
                .flatMap(n -> b.integer(n, what + " 'connect_timeout_seconds'", 1, 600))
                .orElse(15);
        int reconnect = get(s, b, "reconnect_timeout_seconds")
                .flatMap(n -> b.integer(n, what + " 'reconnect_timeout_seconds'", 0, 3600))
                .orElse(30);
        String exit = get(s, b, "exit_command")
                .flatMap(n -> b.string(n, what + " 'exit_command'"))
                .map(String::strip)
                .orElse("/bot");
        if (exit.isEmpty()) {
            b.problems()
                    .error(
                            ProblemCode.INVALID_VALUE,
                            s.keyLoc("exit_command"),
                            what + " 'exit_command' must not be blank");
        }
        int maxLength = get(s, b, "max_message_length")
                .flatMap(n -> b.integer(n, what + " 'max_message_length'", 1, MAX_MESSAGE_LENGTH))
                .orElse(4000);
        LiveAgentKey key =
                get(s, b, "live_agent_key").map(n -> key(n, b, environment)).orElse(LiveAgentKey.NONE);
        boolean askRating = get(s, b, "ask_rating")
                .flatMap(n -> b.bool(n, what + " 'ask_rating'"))
                .orElse(false);
        Map<String, Text> messages = new LinkedHashMap<>();
        get(s, b, "messages").flatMap(n -> b.map(n, what + " 'messages'")).ifPresent(m -> {
            m.entries().forEach((name, node) -> text(node, name, b).ifPresent(t -> messages.put(name, t)));
            for (String notice : NOTICES) {
                if (!messages.containsKey(notice)) {
                    b.problems().error(ProblemCode.MISSING_KEY, m.loc(), what + " 'messages' needs '" + notice + "'");
                }
            }
        });
        if (url.isEmpty() || departments.isEmpty() || b.problems().hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new HandoffSettings(
                url.get(),
                departments,
                offer,
                collect,
                Duration.ofSeconds(connect),
                Duration.ofSeconds(reconnect),
                exit,
                maxLength,
                messages,
                key,
                askRating));
    }

    /**
     * {@code live_agent_key}: empty (or null) for none, {@code ${NAME}} for the environment variable
     * {@code NAME} (a warning when it is not set here: the bot then connects without a key), else the
     * key itself. No message ever contains the key.
     */
    private static LiveAgentKey key(YNode node, Binder b, UnaryOperator<String> environment) {
        if (node instanceof YNode.YScalar sc && sc.value() == null) return LiveAgentKey.NONE;
        String text = b.string(node, "human_handoff setting 'live_agent_key'")
                .map(String::strip)
                .orElse("");
        Matcher variable = VARIABLE.matcher(text);
        if (!variable.matches()) return LiveAgentKey.literal(text);
        String name = variable.group(1);
        String value = environment.apply(name);
        if (value == null || value.isEmpty()) {
            b.problems()
                    .warning(
                            ProblemCode.UNSET_VARIABLE,
                            node.loc(),
                            "human_handoff setting 'live_agent_key' names the environment variable '" + name
                                    + "', which is not set here: the bot connects without a key (a desk that"
                                    + " requires one refuses the handoff)");
        }
        return new LiveAgentKey(name, value);
    }

    private static Optional<YNode> get(YMap s, Binder b, String key) {
        YNode node = s.get(key);
        if (node == null) {
            b.problems().error(ProblemCode.MISSING_KEY, s.loc(), "human_handoff settings need '" + key + "'");
        }
        return Optional.ofNullable(node);
    }

    /**
     * {@code live_agent_url}: one URL, or a list of 1 to {@value LiveAgentUrls#MAX} (the nodes of one desk, tried in
     * order), none twice. Every problem is reported, each at its item.
     */
    private static Optional<LiveAgentUrls> liveAgentUrls(YNode node, Binder b) {
        String what = "human_handoff setting 'live_agent_url'";
        if (!(node instanceof YNode.YList list)) {
            return b.string(node, what).flatMap(u -> url(node, u, what, b)).map(LiveAgentUrls::of);
        }
        boolean ok = true;
        if (list.items().isEmpty()) {
            b.problems().error(ProblemCode.MISSING_KEY, list.loc(), what + " needs at least one URL");
            ok = false;
        } else if (list.items().size() > LiveAgentUrls.MAX) {
            b.problems()
                    .error(
                            ProblemCode.OUT_OF_RANGE,
                            list.loc(),
                            what + " lists " + list.items().size() + " URLs; at most " + LiveAgentUrls.MAX
                                    + " are allowed");
            ok = false;
        }
        List<URI> urls = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            YNode item = list.items().get(i);
            String itemWhat = what + " (URL " + (i + 1) + ")";
            Optional<String> text = b.string(item, itemWhat);
            Optional<URI> url = text.flatMap(u -> url(item, u, itemWhat, b));
            if (url.isEmpty()) {
                ok = false;
                continue;
            }
            Integer earlier = seen.putIfAbsent(LiveAgentUrls.sameServer(url.get()), i + 1);
            if (earlier != null) {
                b.problems()
                        .error(
                                ProblemCode.DUPLICATE_ID,
                                item.loc(),
                                itemWhat + " '" + text.get().strip() + "' is URL " + earlier + " again");
                ok = false;
            }
            urls.add(url.get());
        }
        return ok ? Optional.of(new LiveAgentUrls(urls)) : Optional.empty();
    }

    /**
     * The live-agent server's base URL. The seed's own URL shape, {@code <base>/live_agent}, is taken as
     * its base: the client adds the namespace itself, and {@code /live_agent/live_agent} reaches nothing.
     */
    private static Optional<URI> url(YNode node, String text, String what, Binder b) {
        try {
            URI uri = new URI(text.strip());
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(withoutNamespace(uri));
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        b.problems()
                .error(
                        ProblemCode.INVALID_VALUE,
                        node.loc(),
                        what + " must be an http:// or https:// URL with a host, not '" + text
                                + "' (for example http://127.0.0.1:5005)");
        return Optional.empty();
    }

    private static URI withoutNamespace(URI uri) throws URISyntaxException {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        if (!path.endsWith(NAMESPACE) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return uri;
        }
        String base = uri.toString().replaceAll("/+$", "");
        return new URI(base.substring(0, base.length() - NAMESPACE.length()));
    }

    private static List<Department> departments(YNode node, Binder b) {
        List<Department> result = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        b.list(node, "human_handoff setting 'departments'").ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                String what = "department " + (i + 1);
                b.map(list.items().get(i), what).ifPresent(d -> {
                    b.onlyKeys(d, what, List.of("id", "label"));
                    Optional<String> id = b.required(d, "id", what).flatMap(n -> b.string(n, what + " 'id'"));
                    Optional<Text> label = b.required(d, "label", what).flatMap(n -> text(n, null, b));
                    if (id.isPresent() && !ids.add(id.get())) {
                        b.problems()
                                .error(
                                        ProblemCode.DUPLICATE_ID,
                                        d.get("id").loc(),
                                        what + ": id '" + id.get() + "' is used twice");
                    }
                    if (id.isPresent() && label.isPresent()) {
                        result.add(new Department(id.get(), label.get()));
                    }
                });
            }
            if (list.items().isEmpty()) {
                b.problems()
                        .error(
                                ProblemCode.MISSING_KEY,
                                list.loc(),
                                "human_handoff setting 'departments' needs at least one department");
            }
        });
        return result;
    }

    private static Optional<Text> text(YNode node, String name, Binder b) {
        if (node instanceof YNode.YScalar sc && sc.value() != null) {
            return Optional.of(new Text(Map.of(Text.FALLBACK_LANGUAGE, sc.value()), name, node.loc()));
        }
        return b.map(node, name == null ? "a label" : "message '" + name + "'").map(m -> {
            var byLanguage = new LinkedHashMap<String, String>();
            m.entries().forEach((l, v) -> b.string(v, "a text").ifPresent(t -> byLanguage.put(l, t)));
            return new Text(byLanguage, name, node.loc());
        });
    }
}
