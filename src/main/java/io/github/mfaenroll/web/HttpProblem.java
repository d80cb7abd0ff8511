package io.github.mfaenroll.web;

/** A request the web layer refuses: a status and the message key of the sentence the page shows. */
public final class HttpProblem extends RuntimeException {

    private final int status;
    private final String messageKey;

    public HttpProblem(int status, String messageKey) {
        super(status + " " + messageKey);
        this.status = status;
        this.messageKey = messageKey;
    }

    public int status() {
        return status;
    }

    public String messageKey() {
        return messageKey;
    }
}
