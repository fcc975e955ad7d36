package dev.handoff.yaml;

/**
 * YAML files that are small on disk and huge once their aliases are expanded ("billion laughs"), as
 * an attacker would write them to get past the size limit of a file.
 */
public final class Bombs {
    private Bombs() {}

    /**
     * A bot file of about 680 KB that passed {@code validate} before the expansion bound: one 620,000
     * character example, aliased 15,000 times in one list, that list aliased by nine more intents
     * (150,000 values, 93 billion characters once expanded).
     */
    public static String botWithAliasedText() {
        String words =
                "hello opening hours agent please ".repeat(620_000 / 33 + 1).substring(0, 620_000);
        var yaml = new StringBuilder("id: bomb\nlanguages: [en]\nintents:\n");
        yaml.append("  i0:\n    en: &l [&s \"").append(words).append('"');
        yaml.append(", *s".repeat(15_000)).append("]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("  i").append(i).append(":\n    en: *l\n");
        }
        return yaml.toString();
    }

    /**
     * Lists of lists of aliases under {@code key}, five levels of nine, each leaf a 1,000 character
     * text: about 2 KB on disk, 59,049 values and 59 million characters once expanded.
     */
    public static String nestedLists(String key) {
        var yaml = new StringBuilder("x0: &x0 \"" + "laugh ".repeat(200).substring(0, 1000) + "\"\n");
        for (int level = 1; level <= 5; level++) {
            yaml.append('x').append(level).append(": &x").append(level).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(9, "*x" + (level - 1))));
            yaml.append("]\n");
        }
        return yaml.append(key).append(": *x5\n").toString();
    }
}
