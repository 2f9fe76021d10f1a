package io.jenkins.plugins.salesforce.core.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A REST API version such as {@code 66.0}. Only versions of the form {@code ^[1-9]\d\.0$} exist; they compare as
 * numbers, so {@code 9.0 < 10.0} is never an issue (and cannot occur).
 */
public record ApiVersion(int major) implements Comparable<ApiVersion> {
    private static final Pattern FORMAT = Pattern.compile("[1-9]\\d\\.0");

    public ApiVersion {
        if (major < 10 || major > 99) {
            throw new IllegalArgumentException("API versions run from 10.0 to 99.0");
        }
    }

    /** Parses {@code "66.0"}; anything not of the form {@code [1-9][0-9].0} gives empty. */
    public static Optional<ApiVersion> parse(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ApiVersion(Integer.parseInt(text.substring(0, 2))));
    }

    /** The path segment, {@code v66.0}. */
    public String path() {
        return "v" + this;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return Integer.compare(major, o.major);
    }

    @Override
    public String toString() {
        return major + ".0";
    }
}
