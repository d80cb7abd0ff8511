package io.github.mfaenroll.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserPageTest {

    private static List<UserCompliance> users(int count) {
        List<UserCompliance> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(new UserCompliance("u" + i, "arn:aws:iam::1:user/u" + i, ComplianceCategory.NON_COMPLIANT, true,
                    false, null));
        }
        return users;
    }

    @ParameterizedTest(name = "{0} users, page={1}, per={2} -> page {3} of {4}, users {5}-{6}")
    @CsvSource(nullValues = "null", value = {
            "0,    null, null, 1,  1,  0,   0",
            "1,    null, null, 1,  1,  1,   1",
            "100,  null, null, 1,  1,  1,   100",
            "101,  2,    null, 2,  2,  101, 101",
            "2669, 27,   null, 27, 27, 2601, 2669",
            "2669, 999,  null, 27, 27, 2601, 2669",
            "2669, 0,    null, 1,  27, 1,   100",
            "2669, -3,   null, 1,  27, 1,   100",
            "2669, two,  null, 1,  27, 1,   100",
            "2669, 99999999999, null, 1, 27, 1, 100",
            "2669, 3,    10,   3,  267, 21, 30",
            "2669, 1,    1,    1,  267, 1,  10",
            "2669, 1,    100000, 1, 6, 1,   500",
            "2669, 1,    ten,  1,  27, 1,   100"})
    void readsPageAndSizeAndKeepsThemInBounds(int count, String page, String per, int number, int pages, int first,
                                              int last) {

        UserPage shown = UserPage.of(users(count), page, per);

        assertThat(shown.number()).isEqualTo(number);
        assertThat(shown.pages()).isEqualTo(pages);
        assertThat(shown.first()).isEqualTo(first);
        assertThat(shown.last()).isEqualTo(last);
        assertThat(shown.users()).hasSize(last - first + (count == 0 ? 0 : 1));
        assertThat(shown.total()).isEqualTo(count);
    }

    @ParameterizedTest(name = "page {0} of {1} links {2}")
    @CsvSource(delimiter = '|', value = {
            "1  | 1  | 1",
            "1  | 5  | 1 2 3 0 5",
            "3  | 5  | 1 2 3 4 5",
            "10 | 50 | 1 0 8 9 10 11 12 0 50",
            "50 | 50 | 1 0 48 49 50",
            "4  | 50 | 1 2 3 4 5 6 0 50"})
    void linksTheFirstTheLastAndTwoEitherSideWithGapsMarked(int number, int pages, String expected) {

        UserPage shown = UserPage.of(users(pages * 10), String.valueOf(number), "10");

        assertThat(shown.linkedNumbers()).map(String::valueOf).containsExactly(expected.split(" "));
    }
}
