package io.github.mfaenroll.compliance;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of a list of users: the page's users, where it sits in the list, and the page numbers to link to. The
 * compliance view pages its lists on the server (plain links, no JavaScript), so a console of 50,000 users sends a
 * page of {@link #DEFAULT_SIZE}, not 8 MB of HTML; the CSV and JSON exports still hold every user.
 *
 * @param number this page, 1-based, within {@code 1..pages}
 * @param pages how many pages the list has (at least 1, even when empty)
 * @param first the 1-based position of the page's first user in the list (0 when the list is empty)
 * @param last the position of its last user (0 when the list is empty)
 * @param total users in the whole list
 */
public record UserPage(List<UserCompliance> users, int number, int pages, int size, int first, int last, int total) {

    /** Users per page unless {@code per} asks for another size. */
    public static final int DEFAULT_SIZE = 100;
    static final int MIN_SIZE = 10;
    static final int MAX_SIZE = 500;
    /** Page numbers linked on each side of the current one (first and last are always linked). */
    private static final int NEIGHBOURS = 2;

    /**
     * The page asked for by the {@code page} and {@code per} parameters: anything unreadable is page 1 of
     * {@link #DEFAULT_SIZE}, a size out of bounds is brought within {@link #MIN_SIZE}..{@link #MAX_SIZE}, and a page
     * past the end is the last page (a list that shrank since the link was made still shows something).
     */
    public static UserPage of(List<UserCompliance> list, String page, String per) {
        int size = Math.max(MIN_SIZE, Math.min(MAX_SIZE, number(per, DEFAULT_SIZE)));
        int pages = Math.max(1, (list.size() + size - 1) / size);
        int number = Math.max(1, Math.min(pages, number(page, 1)));
        int from = (number - 1) * size;
        int to = Math.min(list.size(), from + size);
        return new UserPage(list.subList(from, to), number, pages, size, list.isEmpty() ? 0 : from + 1, to,
                list.size());
    }

    private static int number(String value, int otherwise) {
        if (value == null || !value.matches("\\d{1,7}")) {
            return otherwise;
        }
        return Integer.parseInt(value);
    }

    public boolean hasPrevious() {
        return number > 1;
    }

    public boolean hasNext() {
        return number < pages;
    }

    /**
     * The page numbers to link, in order, with 0 where numbers are left out: the first, the last, and
     * {@link #NEIGHBOURS} on each side of this one ({@code 1 0 8 9 10 11 12 0 50}).
     */
    public List<Integer> linkedNumbers() {
        List<Integer> numbers = new ArrayList<>();
        for (int n = 1; n <= pages; n++) {
            if (n == 1 || n == pages || Math.abs(n - number) <= NEIGHBOURS) {
                if (!numbers.isEmpty() && numbers.get(numbers.size() - 1) != n - 1) {
                    numbers.add(0);
                }
                numbers.add(n);
            }
        }
        return numbers;
    }
}
