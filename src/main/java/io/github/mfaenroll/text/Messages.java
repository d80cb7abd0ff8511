package io.github.mfaenroll.text;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** User-facing text from the {@code i18n/messages} resource bundles. */
public final class Messages {

    public static final String BUNDLE = "i18n.messages";

    /**
     * Without this, a locale we have no bundle for falls back to the JVM's default locale before the base bundle: on
     * a server started with a German default, an English page would come out German. (Properties files are read as
     * UTF-8 since Java 9.)
     */
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Messages() {
    }

    /** The message for {@code key} in {@code locale}, with {@code {0}}-style arguments filled in. */
    public static String text(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(BUNDLE, locale, NO_FALLBACK).getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("No message for key " + key, e);
        }
        // Always through MessageFormat, so every message follows one quoting rule (texts use ’, not ').
        return new MessageFormat(pattern, locale).format(args);
    }
}
