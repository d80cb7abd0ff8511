package io.github.mfaenroll.testing;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Applied to every test class of the suite (auto-detected through META-INF/services): captures every log line,
 * with stack traces, and after each class asserts that none holds a registered secret ({@link Secrets}) or
 * anything shaped like a seed (32+ base32 characters), a link/session token (43 base64url characters) or an API token
 * ({@code mfa_} and 43 of them).
 */
public final class LogHygiene implements BeforeAllCallback, AfterAllCallback {

    private static final Pattern SEED_SHAPE = Pattern.compile("(?<![A-Za-z0-9])[A-Z2-7]{32,}(?![A-Za-z0-9])");
    private static final Pattern TOKEN_SHAPE = Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");
    /** An API token: its random part follows a prefix, so {@link #TOKEN_SHAPE} alone would not see it. */
    private static final Pattern API_TOKEN_SHAPE = Pattern.compile(
            "(?<![A-Za-z0-9_-])mfa_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");
    private static final List<String> LINES = new CopyOnWriteArrayList<>();
    private static volatile boolean attached;

    @Override
    public void beforeAll(ExtensionContext context) {
        attach();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> lines = List.copyOf(LINES);
        for (String secret : Secrets.seen()) {
            Predicate<String> holdsIt = holding(secret);
            assertThat(lines).as("log lines must not contain a secret the tests saw")
                    .noneMatch(holdsIt);
        }
        assertThat(lines).as("log lines must not contain anything shaped like a seed")
                .noneMatch(line -> SEED_SHAPE.matcher(line).find());
        assertThat(lines).as("log lines must not contain anything shaped like a token")
                .noneMatch(line -> TOKEN_SHAPE.matcher(line).find());
        assertThat(lines).as("log lines must not contain anything shaped like an API token")
                .noneMatch(line -> API_TOKEN_SHAPE.matcher(line).find());
    }

    /**
     * Whether a line holds the secret. A one-time code is all digits, and a run of random digits elsewhere (a
     * temporary directory's name, an id) holds some six-digit code sooner or later: a code counts only where it
     * stands alone, not inside a longer number.
     */
    private static Predicate<String> holding(String secret) {
        if (ALL_DIGITS.matcher(secret).matches()) {
            Pattern alone = Pattern.compile("(?<![0-9])" + secret + "(?![0-9])");
            return line -> alone.matcher(line).find();
        }
        return line -> line.contains(secret);
    }

    /** All lines captured so far (for tests that look for a specific line). */
    public static List<String> lines() {
        attach();
        return List.copyOf(LINES);
    }

    private static synchronized void attach() {
        if (attached) {
            return;
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                String line = event.getLoggerName() + " " + event.getFormattedMessage();
                if (event.getThrowableProxy() != null) {
                    line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
                }
                LINES.add(line);
            }
        };
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        // Debug logging of our own code is on in tests, so a secret logged at debug is caught too.
        context.getLogger("io.github.mfaenroll").setLevel(ch.qos.logback.classic.Level.DEBUG);
        attached = true;
    }
}
