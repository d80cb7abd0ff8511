package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's command table against the real command tree: every command people can run is in the table, every
 * row names a real command, and every option a row shows is one that command accepts.
 */
class ReadmeCommandsTest {

    /** A table row's first cell: {@code | `link issue USER [--email ADDR \| --send] [--demo]` | …}. */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]*)` \\|", Pattern.MULTILINE);
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

    /** Runnable commands (leaves of the tree) by their path, e.g. "link issue", with the options each accepts. */
    private static Map<String, Set<String>> commandTree() {
        Map<String, Set<String>> commands = new TreeMap<>();
        collect(Main.commandLine(Map.of()), "", commands);
        return commands;
    }

    private static void collect(CommandLine command, String path, Map<String, Set<String>> commands) {
        if (command.getSubcommands().isEmpty()) {
            Set<String> options = new TreeSet<>();
            for (OptionSpec option : command.getCommandSpec().options()) {
                options.addAll(List.of(option.names()));
            }
            commands.put(path, options);
        }
        command.getSubcommands().forEach((name, sub) -> collect(sub, (path + " " + name).strip(), commands));
    }

    /**
     * The rows of the README's command table (from "Other commands" to the next heading): the command path (its
     * leading lower-case words) and the options the row shows.
     */
    private static Map<String, List<String>> readmeRows() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("Other commands (");
        String table = readme.substring(start, readme.indexOf("\n## ", start));
        Map<String, List<String>> rows = new HashMap<>();
        Matcher row = ROW.matcher(table);
        while (row.find()) {
            String usage = row.group(1);
            List<String> path = new ArrayList<>();
            for (String word : usage.split(" ")) {
                if (!word.matches("[a-z][a-z-]*")) {
                    break;
                }
                path.add(word);
            }
            List<String> options = OPTION.matcher(usage).results().map(MatchResult::group).toList();
            rows.merge(String.join(" ", path), options, (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            });
        }
        return rows;
    }

    @Test
    void everyCommandIsInTheReadmeAndEveryRowIsARealCommandWithRealOptions() throws IOException {
        Map<String, Set<String>> tree = commandTree();
        Map<String, List<String>> rows = readmeRows();

        assertThat(rows.keySet()).as("commands in the README's table").containsExactlyInAnyOrderElementsOf(
                tree.keySet().stream().filter(path -> !path.isEmpty()).toList());
        rows.forEach((path, options) -> assertThat(tree.get(path)).as("options of " + path)
                .containsAll(options));
    }
}
