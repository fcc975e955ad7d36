package dev.handoff.translate.memory;

/**
 * A TMX file the translation memory cannot use: the file, the line and column, and the problem, as {@code
 * FILE:LINE:COLUMN: [bad-tmx] problem}. It stops the desk's start: a memory silently missing half its entries
 * would send texts to the machine engine that the desk meant to translate exactly.
 */
public final class TmxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String problem;

    public TmxException(String file, int line, int column, String problem) {
        super(file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": [bad-tmx] " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    public String file() {
        return file;
    }

    /** The line of the problem, from 1; 0 if unknown (the file could not be read at all). */
    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String problem() {
        return problem;
    }
}
