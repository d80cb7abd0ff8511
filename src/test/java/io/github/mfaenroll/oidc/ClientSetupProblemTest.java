package io.github.mfaenroll.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Which OAuth error answers are the app's own settings, and the setting each one names. */
class ClientSetupProblemTest {

    static Stream<Arguments> answers() {
        return Stream.of(
                // status (0: on the callback), error, description, problem, setting the explanation must name
                Arguments.of(401, "invalid_client", "Invalid client or Invalid client credentials",
                        ClientSetupProblem.CLIENT_REFUSED, "MFA_OIDC_CLIENT_SECRET"),
                Arguments.of(400, "invalid_client", null, ClientSetupProblem.CLIENT_REFUSED, "MFA_OIDC_CLIENT_ID"),
                Arguments.of(401, null, null, ClientSetupProblem.CLIENT_REFUSED, "MFA_OIDC_CLIENT_SECRET"),
                Arguments.of(400, "unauthorized_client", null, ClientSetupProblem.CLIENT_NOT_ALLOWED,
                        "MFA_OIDC_CLIENT_ID"),
                Arguments.of(0, "unauthorized_client", null, ClientSetupProblem.CLIENT_NOT_ALLOWED,
                        "MFA_OIDC_CLIENT_ID"),
                Arguments.of(400, "invalid_grant", "Incorrect redirect_uri", ClientSetupProblem.REDIRECT_URI,
                        "MFA_BASE_URL"),
                Arguments.of(400, "redirect_uri_mismatch", null, ClientSetupProblem.REDIRECT_URI, "MFA_BASE_URL"),
                Arguments.of(400, "invalid_grant", "Code was issued to another client",
                        ClientSetupProblem.CODE_OF_ANOTHER_CLIENT, "MFA_OIDC_CLIENT_ID"),
                Arguments.of(0, "invalid_scope", null, ClientSetupProblem.SCOPE, "MFA_OIDC_SCOPES"));
    }

    @ParameterizedTest(name = "{0} {1} ({2}) -> {3}")
    @MethodSource("answers")
    void anAnswerAboutTheAppsSettingsNamesTheSettingToCheck(int status, String code, String description,
                                                            ClientSetupProblem expected, String setting) {
        Optional<ClientSetupProblem> problem = ClientSetupProblem.of(status, code, description);

        assertThat(problem).contains(expected);
        assertThat(problem.get().explanation("HTTP " + status)).contains(setting);
    }

    static Stream<Arguments> answersAboutThePersonsSignIn() {
        return Stream.of(
                Arguments.of(400, "invalid_grant", "Code not valid"),
                Arguments.of(400, "invalid_grant", "PKCE verification failed"),
                Arguments.of(400, "invalid_grant", null),
                Arguments.of(0, "access_denied", null),
                Arguments.of(0, "login_required", null));
    }

    @ParameterizedTest(name = "{0} {1} ({2})")
    @MethodSource("answersAboutThePersonsSignIn")
    void anAnswerAboutThePersonsSignInIsNoSetupProblem(int status, String code, String description) {
        assertThat(ClientSetupProblem.of(status, code, description)).isEmpty();
    }

    @ParameterizedTest(name = "{0} on the callback: {1}")
    @CsvSource({"CLIENT_REFUSED, false", "REDIRECT_URI, false",
            "CODE_OF_ANOTHER_CLIENT, false", "CLIENT_NOT_ALLOWED, true", "SCOPE, true"})
    void onlyWhatAProviderMaySendThroughTheBrowserBlamesOurSettingsOnTheCallback(ClientSetupProblem problem,
                                                                                 boolean blamesSettings) {
        // RFC 6749, 4.1.2.1: invalid_client or a wrong redirect URI are never redirected back, so on the callback
        // they were forged by whoever holds the browser, and must not send an operator after the wrong setting.
        assertThat(problem.sentOnCallback()).isEqualTo(blamesSettings);
    }
}
