package io.askflow.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The options of a benchmark, {@code --name value} pairs over defaults. An unknown name, a missing value or a
 * value of the wrong kind stops the benchmark with a message listing the options and their defaults.
 */
public final class BenchArguments {

    private final String benchmark;
    private final Map<String, String> values;
    private final Map<String, String> defaults;

    private BenchArguments(String benchmark, Map<String, String> values, Map<String, String> defaults) {
        this.benchmark = benchmark;
        this.values = values;
        this.defaults = defaults;
    }

    /**
     * @param benchmark the benchmark's name, for the usage line
     * @param args      the command line
     * @param defaults  every option with its default value, in the order of the usage line
     * @throws IllegalArgumentException when an option is unknown or has no value
     */
    public static BenchArguments parse(String benchmark, String[] args, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        BenchArguments parsed = new BenchArguments(benchmark, values, defaults);
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !defaults.containsKey(name) || i + 1 >= args.length) {
                throw parsed.misuse("cannot read the option " + args[i]);
            }
            values.put(name, args[i + 1]);
        }
        return parsed;
    }

    /**
     * Options with their defaults, in the order of the usage line: {@code defaults("tasks", "400", "slots", "4")}.
     */
    public static Map<String, String> defaults(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("defaults come in name and value pairs");
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            defaults.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return defaults;
    }

    /** A whole number of at least 1. */
    public int positive(String name) {
        try {
            int value = Integer.parseInt(text(name));
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw misuse("--" + name + " needs a whole number of at least 1, was " + text(name));
    }

    /** {@code true} or {@code false}. */
    public boolean flag(String name) {
        String value = text(name);
        if (!value.equals("true") && !value.equals("false")) {
            throw misuse("--" + name + " needs true or false, was " + value);
        }
        return Boolean.parseBoolean(value);
    }

    public String text(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("no option --" + name + " is declared");
        }
        return value;
    }

    /** The options in force, for the report. */
    public String describe() {
        return values.entrySet().stream().map(option -> "--" + option.getKey() + " " + option.getValue())
                .collect(Collectors.joining(" "));
    }

    private IllegalArgumentException misuse(String problem) {
        String usage = defaults.entrySet().stream().map(option -> "[--" + option.getKey() + " " + option.getValue()
                + "]").collect(Collectors.joining(" "));
        return new IllegalArgumentException(problem + "\nusage: " + benchmark + " " + usage);
    }
}
