package io.github.mfaenroll.web;

import io.github.mfaenroll.text.Explained;

/** A request the web layer refuses: a status and the message key of the sentence the page shows. */
public final class HttpProblem extends RuntimeException implements Explained {

    private final int status;
    private final String messageKey;

    public HttpProblem(int status, String messageKey) {
        super(status + " " + messageKey);
        this.status = status;
        this.messageKey = messageKey;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String messageKey() {
        return messageKey;
    }
}
