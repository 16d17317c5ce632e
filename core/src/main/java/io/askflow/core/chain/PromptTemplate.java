package io.askflow.core.chain;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of chain texts: {@code {question}} and {@code {<step name>}}. Only a name in
 * braces is a placeholder, so JSON such as {@code {"a": 1}} in a prompt stays as written. Filling
 * is a single pass: a value that itself contains {@code {question}} is not filled again.
 */
public final class PromptTemplate {

    /** The placeholder of the job's question. */
    public static final String QUESTION = "question";

    /** What a chain, agent or step name looks like; also what a placeholder may name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(" + NAME.pattern() + ")}");

    private PromptTemplate() {
    }

    /** The names of the placeholders in {@code template}, in order of first use. */
    public static Set<String> placeholders(String template) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Replaces every placeholder named in {@code values}; others stay as written. */
    public static String fill(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder(template.length());
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value != null ? value : matcher.group()));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }
}
