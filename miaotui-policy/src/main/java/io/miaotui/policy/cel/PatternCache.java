package io.miaotui.policy.cel;

import com.google.re2j.Pattern;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CEL's own {@code matches()} compiles its pattern at every call. Patterns are constants of the policies
 * ({@link ConstantPatterns}), so each is compiled once and kept; the number kept is bounded, and past it a
 * pattern is compiled per call as CEL would (what-if drafts are not worth keeping forever).
 */
final class PatternCache {
    static final int MAX_PATTERNS = 1_024;

    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();
    private final boolean partialMatch;

    PatternCache(boolean partialMatch) {
        this.partialMatch = partialMatch;
    }

    boolean matches(String text, String regex) {
        Pattern pattern = patterns.get(regex);
        if (pattern == null) {
            pattern = Pattern.compile(regex);
            if (patterns.size() < MAX_PATTERNS) {
                patterns.putIfAbsent(regex, pattern);
            }
        }
        return partialMatch ? pattern.matcher(text).find() : pattern.matches(text);
    }
}
