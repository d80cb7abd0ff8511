package io.github.mfaenroll.text;

import java.util.Locale;

/**
 * What a page needs to explain a refusal or failure: the HTTP status it is answered with and the message key of the
 * sentence that says what happened. The kinds of the features' typed failures carry one each (an enum constant per
 * kind, as the house style asks), so the error pages, the forms and the command line read them alike.
 */
public interface Explained {

    /** The HTTP status of the page that explains it. */
    int status();

    /** The message key of the sentence that explains it. */
    String messageKey();

    /** The message key of a kind: {@code prefix} and the constant's name in lower case, e.g. {@code problem.device_limit}. */
    static String messageKeyOf(String prefix, Enum<?> kind) {
        return prefix + kind.name().toLowerCase(Locale.ROOT);
    }
}
