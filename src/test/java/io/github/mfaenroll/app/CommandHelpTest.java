package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help ends with examples a person can copy, in lines a terminal shows whole. */
class CommandHelpTest {

    private static void collect(CommandLine command, List<CommandLine> all) {
        all.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, all));
    }

    @Test
    void everyCommandAndSubcommandShowsExamplesOfItself() {
        List<CommandLine> commands = new ArrayList<>();
        collect(Main.commandLine(Map.of()), commands);

        for (CommandLine command : commands) {
            StringWriter help = new StringWriter();
            command.usage(new PrintWriter(help));
            String text = help.toString();
            String examples = text.substring(Math.max(0, text.indexOf("Examples:")));
            String name = command.getCommandSpec().qualifiedName(" ").replaceFirst("^mfa-enroll ?", "");

            assertThat(text).as("help of '%s'", name).contains("Examples:");
            assertThat(examples.lines().filter(line -> line.contains("mfa-enroll.jar")))
                    .as("examples of '%s'", name).isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains(name).hasSizeLessThanOrEqualTo(100));
        }
    }
}
