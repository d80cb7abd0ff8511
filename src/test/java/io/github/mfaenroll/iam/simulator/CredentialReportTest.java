package io.github.mfaenroll.iam.simulator;

import static io.github.mfaenroll.iam.simulator.SimulatorFixture.errorCode;
import static io.github.mfaenroll.iam.simulator.SimulatorFixture.iamError;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iam.model.GenerateCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ReportFormatType;
import software.amazon.awssdk.services.iam.model.ReportStateType;

/** GenerateCredentialReport / GetCredentialReport through the real SDK client, over the demo account. */
class CredentialReportTest {

    @RegisterExtension
    final SimulatorFixture fixture = SimulatorFixture.withUsers();

    @BeforeEach
    void start() {
        DemoAccount.seed(fixture.simulator);
    }

    private List<String> reportLines() {
        GetCredentialReportResponse report = fixture.iam.getCredentialReport(r -> { });
        assertThat(report.reportFormat()).isEqualTo(ReportFormatType.TEXT_CSV);
        return report.content().asUtf8String().lines().toList();
    }

    @Nested
    class Generation {

        @Test
        void isAbsentBeforeAnyoneAsksForIt() {
            IamException e = iamError(() -> fixture.iam.getCredentialReport(r -> { }));

            assertThat(errorCode(e)).isEqualTo("ReportNotPresent");
            assertThat(e.statusCode()).isEqualTo(410);
        }

        @Test
        void startsOnTheFirstCallAndIsStillInProgressRightAfter() {
            GenerateCredentialReportResponse first = fixture.iam.generateCredentialReport(r -> { });
            IamException e = iamError(() -> fixture.iam.getCredentialReport(r -> { }));

            assertThat(first.state()).isEqualTo(ReportStateType.STARTED);
            assertThat(first.description()).isEqualTo("No report exists. Starting a new report generation task");
            assertThat(errorCode(e)).isEqualTo("ReportInProgress");
            assertThat(e.statusCode()).isEqualTo(404);
        }

        @Test
        void isCompleteWhenPolledAgainAndCanThenBeDownloaded() {
            fixture.iam.generateCredentialReport(r -> { });

            GenerateCredentialReportResponse second = fixture.iam.generateCredentialReport(r -> { });
            GetCredentialReportResponse report = fixture.iam.getCredentialReport(r -> { });

            assertThat(second.state()).isEqualTo(ReportStateType.COMPLETE);
            assertThat(report.generatedTime()).isEqualTo(SimulatorFixture.START);
        }

        @Test
        void completesOnItsOwnAfterAFewSecondsOfClock() {
            fixture.iam.generateCredentialReport(r -> { });
            fixture.clock.advance(Duration.ofSeconds(5));

            List<String> lines = reportLines();

            assertThat(lines).hasSize(6);
        }

        @Test
        void isReusedForFourHoursThenExpiresAndIsRegenerated() {
            fixture.iam.generateCredentialReport(r -> { });
            fixture.iam.generateCredentialReport(r -> { });
            fixture.enable("alice", fixture.createDevice("alice-phone"));
            fixture.clock.advance(Duration.ofHours(3));
            GenerateCredentialReportResponse withinFourHours = fixture.iam.generateCredentialReport(r -> { });
            List<String> cached = reportLines();
            fixture.clock.advance(Duration.ofHours(1));

            IamException expired = iamError(() -> fixture.iam.getCredentialReport(r -> { }));
            GenerateCredentialReportResponse regenerated = fixture.iam.generateCredentialReport(r -> { });
            fixture.iam.generateCredentialReport(r -> { });

            assertThat(withinFourHours.state()).isEqualTo(ReportStateType.COMPLETE);
            assertThat(cached.get(2)).startsWith("alice,").contains(",false,false,N/A,");
            assertThat(errorCode(expired)).isEqualTo("ReportExpired");
            assertThat(expired.statusCode()).isEqualTo(410);
            assertThat(regenerated.state()).isEqualTo(ReportStateType.STARTED);
            assertThat(reportLines().get(2)).startsWith("alice,").contains(",N/A,true,false,");
        }
    }

    @Nested
    class Content {

        @Test
        void hasIamsHeaderAndTheRootAccountFirst() {
            fixture.iam.generateCredentialReport(r -> { });
            fixture.iam.generateCredentialReport(r -> { });

            List<String> lines = reportLines();

            assertThat(lines.get(0)).isEqualTo("user,arn,user_creation_time,password_enabled,password_last_used,"
                    + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,"
                    + "access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,"
                    + "access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,"
                    + "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,"
                    + "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated");
            assertThat(lines.get(1)).isEqualTo("<root_account>,arn:aws:iam::123456789012:root,"
                    + "2025-03-03T09:00:15+00:00,not_supported,no_information,not_supported,not_supported,false,"
                    + "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");
            assertThat(lines).allSatisfy(line -> assertThat(line.split(",", -1)).hasSize(22));
        }

        @Test
        void hasOneRowPerUserWithPasswordAndMfaState() {
            fixture.iam.generateCredentialReport(r -> { });
            fixture.iam.generateCredentialReport(r -> { });

            List<String> lines = reportLines();

            assertThat(lines.subList(2, lines.size())).containsExactly(
                    "alice,arn:aws:iam::123456789012:user/alice,2025-03-03T09:00:15+00:00,true,no_information,"
                            + "2025-03-03T09:00:15+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
                            + "false,N/A,false,N/A",
                    "bob,arn:aws:iam::123456789012:user/bob,2025-03-03T09:00:15+00:00,true,no_information,"
                            + "2025-03-03T09:00:15+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
                            + "false,N/A,false,N/A",
                    "carol,arn:aws:iam::123456789012:user/carol,2025-03-03T09:00:15+00:00,true,no_information,"
                            + "2025-03-03T09:00:15+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
                            + "false,N/A,false,N/A",
                    "dave,arn:aws:iam::123456789012:user/dave,2025-03-03T09:00:15+00:00,false,N/A,N/A,N/A,false,"
                            + "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");
        }

        @Test
        void quotesAUserNameThatContainsACommaAsIamAllowsCommasInNames() {
            fixture.simulator.addUser("smith,john", false, Map.of());
            fixture.iam.generateCredentialReport(r -> { });
            fixture.iam.generateCredentialReport(r -> { });

            List<String> lines = reportLines();

            assertThat(lines).anySatisfy(line -> assertThat(line)
                    .startsWith("\"smith,john\",\"arn:aws:iam::123456789012:user/smith,john\","));
        }

        @Test
        void saysWhetherTheRootUserHasMfa() {
            fixture.simulator.setRootMfaActive(true);
            fixture.iam.generateCredentialReport(r -> { });
            fixture.iam.generateCredentialReport(r -> { });

            List<String> lines = reportLines();

            assertThat(lines.get(1)).startsWith("<root_account>,")
                    .contains(",not_supported,no_information,not_supported,not_supported,true,");
        }
    }

    @Nested
    class ALargeAccount {

        @Test
        void listsTwoThousandUsersInTheReportAndThroughListUsersPagesQuickly() {
            for (int i = 0; i < 2_000; i++) {
                fixture.simulator.addUser(String.format("user-%04d", i), i % 3 != 0, Map.of());
            }
            long started = System.nanoTime();

            fixture.iam.generateCredentialReport(r -> { });
            fixture.iam.generateCredentialReport(r -> { });
            List<String> lines = reportLines();
            long listed = fixture.iam.listUsersPaginator(r -> { }).users().stream().count();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // Header, root, the four demo users and the 2,000.
            assertThat(lines).hasSize(2 + 4 + 2_000);
            assertThat(listed).isEqualTo(4 + 2_000);
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
    }
}
