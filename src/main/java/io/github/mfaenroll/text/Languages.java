package io.github.mfaenroll.text;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages the app speaks and how one is chosen for a request: the {@code lang} cookie set by the switch on
 * every page, else the browser's {@code Accept-Language} (RFC 4647 lookup with q-values), else English.
 */
public final class Languages {

    /** English first: it is the default and the bundle every other one must match key for key. */
    public static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.forLanguageTag("es"));
    public static final Locale DEFAULT = Locale.ENGLISH;

    /** Longer headers are not parsed: no browser sends one, and parsing cost grows with it. */
    private static final int MAX_HEADER_LENGTH = 512;

    private Languages() {
    }

    /** The supported language with exactly this tag ({@code en}, {@code de}, {@code es}), case-insensitive. */
    public static Optional<Locale> byTag(String tag) {
        if (tag == null) {
            return Optional.empty();
        }
        String wanted = tag.strip();
        return SUPPORTED.stream().filter(l -> l.getLanguage().equalsIgnoreCase(wanted)).findFirst();
    }

    /** The tags of {@link #SUPPORTED}, in order (what the switch offers). */
    public static List<String> tags() {
        return SUPPORTED.stream().map(Locale::getLanguage).toList();
    }

    /**
     * The best supported language for an {@code Accept-Language} header: {@code es-MX,es;q=0.9} gives Spanish,
     * {@code de-CH} German. Ranges with {@code q=0} mean "not this one"; {@code *}, a language we do not have, a
     * malformed or oversized header all give the default.
     */
    public static Locale fromAcceptLanguage(String header) {
        if (header == null || header.isBlank() || header.length() > MAX_HEADER_LENGTH) {
            return DEFAULT;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(header);
        } catch (IllegalArgumentException malformed) {
            return DEFAULT;
        }
        List<Locale.LanguageRange> wanted = ranges.stream().filter(r -> r.getWeight() > 0).toList();
        Locale found = Locale.lookup(wanted, SUPPORTED);
        return found == null ? DEFAULT : found;
    }

    /** The cookie's choice when it names a supported language, else the header's. */
    public static Locale choose(String cookie, String acceptLanguage) {
        return byTag(cookie).orElseGet(() -> fromAcceptLanguage(acceptLanguage));
    }

    /**
     * Whether {@code back} is a path on this site to return to after switching: it starts with one {@code /}, has no
     * scheme or host ({@code //evil.example}, {@code /\evil.example} are network paths to browsers), no backslash and
     * no control characters. Anything else would make the switch an open redirect.
     */
    public static boolean isLocalPath(String back) {
        if (back == null || back.isEmpty() || back.length() > 2048 || back.charAt(0) != '/') {
            return false;
        }
        if (back.length() > 1 && (back.charAt(1) == '/' || back.charAt(1) == '\\')) {
            return false;
        }
        for (int i = 0; i < back.length(); i++) {
            char c = back.charAt(i);
            if (c == '\\' || c <= 0x20 || c == 0x7f) {
                return false;
            }
        }
        try {
            java.net.URI uri = new java.net.URI(back);
            return uri.getScheme() == null && uri.getRawAuthority() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
