package io.github.mfaenroll.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every page names its icon, so browsers do not ask for /favicon.ico (which logged a 404 for every page view). */
class FaviconTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    @Test
    void everyPageNamesAnIconTheAppServes() {
        Browser browser = app.browser();

        Page home = browser.get("/");
        Page icon = browser.get("/static/favicon.svg");

        assertThat(home.body()).contains("<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">");
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.header("Content-Type")).startsWith("image/svg+xml");
        assertThat(icon.body()).startsWith("<svg");
    }
}
