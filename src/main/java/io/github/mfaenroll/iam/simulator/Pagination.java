package io.github.mfaenroll.iam.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * IAM's {@code Marker}/{@code MaxItems}/{@code IsTruncated} pagination over a list sorted by a unique key.
 *
 * <p>The marker names the last key returned (base64url, so callers treat it as opaque, as IAM asks), not an
 * offset: a page boundary stays correct when entries are added or removed between calls, as IAM's does.
 */
final class Pagination {

    private Pagination() {
    }

    /** One page; {@code nextMarker} is null on the last page. */
    record Page<T>(List<T> items, boolean truncated, String nextMarker) {
    }

    static <T> Page<T> page(List<T> sortedByKey, Function<T, String> key, Optional<String> marker, int maxItems) {
        String after = marker.map(Pagination::decode).orElse(null);
        List<T> rest = after == null ? sortedByKey
                : sortedByKey.stream().filter(item -> key.apply(item).compareTo(after) > 0).toList();
        if (rest.size() <= maxItems) {
            return new Page<>(List.copyOf(rest), false, null);
        }
        List<T> items = List.copyOf(rest.subList(0, maxItems));
        return new Page<>(items, true, encode(key.apply(items.get(items.size() - 1))));
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String marker) {
        try {
            return new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw IamError.validation("Invalid Marker.");
        }
    }

    static void write(QueryResponses.Xml xml, Page<?> page) {
        xml.bool("IsTruncated", page.truncated()).text("Marker", page.nextMarker());
    }
}
