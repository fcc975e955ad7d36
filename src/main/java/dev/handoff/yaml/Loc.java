package dev.handoff.yaml;

/** Where something stands in a source file: 1-based line and column. */
public record Loc(String file, int line, int column) {

    public static Loc of(String file) {
        return new Loc(file, 0, 0);
    }

    @Override
    public String toString() {
        return line <= 0 ? file : file + ":" + line + ":" + column;
    }
}
