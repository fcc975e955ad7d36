/**
 * Located YAML reading and its diagnostics, shared by bot files, preset files and {@code desk.yaml}.
 *
 * <ul>
 *   <li>{@link dev.handoff.yaml.YamlReader} reads bounded input (1 MiB, 40 levels, 50 aliases of a
 *       list or a map, and once aliases are expanded 200,000 values and 16 times the file's size in text,
 *       at least 64 Ki and at most 8 Mi characters, counted before anything is expanded) into a
 *       {@link dev.handoff.yaml.YNode} tree in which every value remembers its
 *       {@link dev.handoff.yaml.Loc} (file, line, column); a key twice in one map, at any level, is an
 *       error at the second;
 *   <li>{@link dev.handoff.yaml.Binder} reads typed values out of nodes and reports, instead of
 *       throwing, every value of the wrong shape;
 *   <li>{@link dev.handoff.yaml.Problem} is one finding with a stable {@link dev.handoff.yaml.ProblemCode},
 *       printed as {@code FILE:LINE:COLUMN: [code] message (known: ...)}, and
 *       {@link dev.handoff.yaml.Problems} collects every finding of one read, so that a file's
 *       problems are reported all at once.
 * </ul>
 *
 * <p>The package knows nothing of bots or the desk: the callers say what a value means.
 */
package dev.handoff.yaml;
