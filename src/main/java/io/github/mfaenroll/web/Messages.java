package io.github.mfaenroll.web;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** User-facing text from the {@code i18n/messages} resource bundles. */
public final class Messages {

    public static final String BUNDLE = "i18n.messages";

    private Messages() {
    }

    /** The message for {@code key} in {@code locale}, with {@code {0}}-style arguments filled in. */
    public static String text(Locale locale, String key, Object... args) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(BUNDLE, locale).getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("No message for key " + key, e);
        }
        // Always through MessageFormat, so every message follows one quoting rule (texts use ’, not ').
        return new MessageFormat(pattern, locale).format(args);
    }
}
