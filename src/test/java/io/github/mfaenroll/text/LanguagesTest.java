package io.github.mfaenroll.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Choosing a language from the cookie and {@code Accept-Language}, and which paths the switch may return to. */
class LanguagesTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "de                                 | de",
            "de-CH                              | de",
            "es-MX,es;q=0.9                     | es",
            "es-419                             | es",
            "en-GB,en;q=0.9                     | en",
            "fr-FR,fr;q=0.9,de;q=0.8,en;q=0.7   | de",
            "en;q=0.1, de                       | de",
            "de;q=0, es;q=0.5                   | es",
            "de;q=0                             | en",
            "fr                                 | en",
            "zh-Hant-TW, ja;q=0.5               | en",
            "*                                  | en",
            "de;q=banana                        | en",
            "'                                  '| en",
    })
    void acceptLanguageChoosesTheBestSupportedLanguageElseEnglish(String header, String expected) {
        Locale chosen = Languages.fromAcceptLanguage(header);

        assertThat(chosen.toLanguageTag()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "cookie {0}, header {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "es   | de         | es",
            "DE   | es         | de",
            "fr   | es         | es",
            "null | es         | es",
            "xx   | null       | en",
    })
    void aSupportedCookieWinsOverTheHeader(String cookie, String header, String expected) {
        assertThat(Languages.choose(cookie, header).toLanguageTag()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "/                                   | true",
            "/enroll/scan                        | true",
            "/helpdesk/compliance?show=all&q=bo  | true",
            "/onboard/abc-DEF_123                | true",
            "null                                | false",
            "''                                  | false",
            "enroll                              | false",
            "//evil.example/                     | false",
            "/\\evil.example/                    | false",
            "/x\\y                               | false",
            "https://evil.example/               | false",
            "javascript:alert(1)                 | false",
            "/%0d%0aSet-Cookie:x                 | true",
            "'/a b'                              | false",
    })
    void theSwitchReturnsOnlyToPathsOnThisSite(String back, boolean local) {
        assertThat(Languages.isLocalPath(back)).isEqualTo(local);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t/enroll", "/enroll\r\nX: y", "/\u0000", "/\u007f"})
    void controlCharactersAreNeverFollowed(String back) {
        assertThat(Languages.isLocalPath(back)).isFalse();
    }
}
