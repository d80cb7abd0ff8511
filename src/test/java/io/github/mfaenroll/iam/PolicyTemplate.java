package io.github.mfaenroll.iam;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy statements of a deploy template under {@code docs/deploy/}, read line by line: no YAML or HCL parser is
 * on the test class path, and a plain YAML parser would trip over CloudFormation's {@code !Sub} and {@code !If} tags
 * anyway. The templates keep to one layout (every statement has a {@code Sid}; actions are one list per statement),
 * and a template that leaves it yields missing statements or actions, so the tests fail rather than pass by accident.
 *
 * @param text the template without comments (a comment may name an action the policy does not grant)
 * @param statements the statements by {@code Sid}, in file order
 */
record PolicyTemplate(String text, Map<String, Statement> statements) {

    /** An action as policies write it: {@code iam:GetUser}, {@code sts:AssumeRole}, {@code sts:ExternalId}. */
    private static final Pattern ACTION = Pattern.compile("\\b(iam|sts|organizations):[A-Za-z]+\\b");
    private static final Pattern YAML_SID = Pattern.compile("^(\\s*)- Sid: (\\w+)\\s*$");
    private static final Pattern HCL_SID = Pattern.compile("\\bsid\\s*=\\s*\"(\\w+)\"");
    private static final Pattern HCL_LIST = Pattern.compile("\\b%s\\s*=\\s*\\[([^\\]]*)\\]");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    /**
     * One statement: the actions of its {@code Action} list ({@code actions} in Terraform), its resource as written
     * (e.g. {@code "*"} or {@code !Sub "arn:..."}), and its whole text for principals and conditions.
     */
    record Statement(Set<String> actions, String resource, String text) {
    }

    /** Every action-shaped word of the template outside comments, condition keys such as sts:ExternalId included. */
    Set<String> allActionWords() {
        Set<String> words = new TreeSet<>();
        Matcher matcher = ACTION.matcher(text);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    /** The statements other than {@code except}, as Sid to actions. */
    Map<String, Set<String>> actionsBySid(String... except) {
        Map<String, Set<String>> bySid = new LinkedHashMap<>();
        statements.forEach((sid, statement) -> bySid.put(sid, statement.actions()));
        for (String sid : except) {
            bySid.remove(sid);
        }
        return bySid;
    }

    /** A CloudFormation template: statements start at {@code - Sid: NAME} and end where the indentation does. */
    static PolicyTemplate cloudFormation(Path file) {
        List<String> lines = withoutComments(SdkCallScan.read(file), "#");
        Map<String, Statement> statements = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher sid = YAML_SID.matcher(lines.get(i));
            if (!sid.matches()) {
                continue;
            }
            int dash = sid.group(1).length();
            List<String> block = new ArrayList<>(List.of(lines.get(i)));
            for (int j = i + 1; j < lines.size() && (lines.get(j).isBlank() || indent(lines.get(j)) > dash); j++) {
                block.add(lines.get(j));
            }
            statements.put(sid.group(2), yamlStatement(block, dash + 2));
        }
        return new PolicyTemplate(String.join("\n", lines), statements);
    }

    /** A Terraform file: statements are the {@code statement { ... }} blocks, to their matching brace. */
    static PolicyTemplate terraform(Path file) {
        String text = String.join("\n", withoutComments(SdkCallScan.read(file), "#"));
        Map<String, Statement> statements = new LinkedHashMap<>();
        Matcher start = Pattern.compile("\\bstatement\\s*\\{").matcher(text);
        while (start.find()) {
            int depth = 1;
            int end = start.end();
            while (depth > 0) {
                char c = text.charAt(end++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            String block = text.substring(start.start(), end);
            Matcher sid = HCL_SID.matcher(block);
            if (!sid.find()) {
                throw new AssertionError("a statement without sid in " + file + ":\n" + block);
            }
            List<String> resources = hclList(block, "resources");
            statements.put(sid.group(1), new Statement(new LinkedHashSet<>(hclList(block, "actions")),
                    resources.size() == 1 ? resources.get(0) : String.valueOf(resources), block));
        }
        return new PolicyTemplate(text, statements);
    }

    /** A YAML statement whose keys stand at {@code keyIndent}: {@code Action} inline or as a list below it. */
    private static Statement yamlStatement(List<String> block, int keyIndent) {
        Set<String> actions = new LinkedHashSet<>();
        String resource = null;
        for (int i = 0; i < block.size(); i++) {
            String line = block.get(i);
            String key = line.strip().replaceFirst("^- ", "");
            if (i > 0 && indent(line) != keyIndent) {
                continue;
            }
            if (key.startsWith("Action:")) {
                StringBuilder value = new StringBuilder(key.substring("Action:".length()));
                for (int j = i + 1; j < block.size() && indent(block.get(j)) > keyIndent; j++) {
                    value.append('\n').append(block.get(j));
                }
                Matcher action = ACTION.matcher(value);
                while (action.find()) {
                    actions.add(action.group());
                }
            } else if (key.startsWith("Resource:")) {
                resource = key.substring("Resource:".length()).strip();
            }
        }
        return new Statement(actions, resource, String.join("\n", block));
    }

    /** The quoted strings of {@code name = [ ... ]} in a Terraform block. */
    private static List<String> hclList(String block, String name) {
        Matcher list = Pattern.compile(String.format(HCL_LIST.pattern(), name)).matcher(block);
        if (!list.find()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        Matcher quoted = QUOTED.matcher(list.group(1));
        while (quoted.find()) {
            values.add(quoted.group(1));
        }
        return values;
    }

    /** The lines with comments removed: whole comment lines, and a comment after a space outside quotes. */
    private static List<String> withoutComments(String text, String marker) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            boolean quoted = false;
            int cut = line.length();
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && line.startsWith(marker, i) && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                    cut = i;
                    break;
                }
            }
            lines.add(line.substring(0, cut).stripTrailing());
        }
        return lines;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }
}
