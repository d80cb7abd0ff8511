package io.github.mfaenroll.totp;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * QR codes for key URIs, rendered with ZXing: SVG for the page (sharp at any zoom, no extra request) and PNG for
 * places that cannot show SVG.
 *
 * <p>Error correction is M (15 %): enough for a screen photographed at an angle while keeping a 160-bit key URI
 * at a version whose modules are still large on a phone screen. The quiet zone is the 4 modules the QR standard
 * requires; scanners fail more often without it, especially on dark pages.
 */
public final class QrCodes {

    private static final int QUIET_ZONE_MODULES = 4;

    private QrCodes() {}

    /**
     * A standalone {@code <svg>} element (no XML prolog, so it can be inlined in HTML) with a white background and
     * the dark modules as one {@code <path>}, one unit per module. It has a {@code viewBox} but no width or height:
     * size it with CSS.
     */
    public static String svg(String text) {
        BitMatrix matrix = matrix(text, 0);
        int size = matrix.getWidth();
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < size; y++) {
            int x = 0;
            while (x < size) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int run = 1;
                while (x + run < size && matrix.get(x + run, y)) {
                    run++;
                }
                // One rectangle per horizontal run keeps the path short and leaves no hairlines between modules.
                path.append('M').append(x).append(' ').append(y).append('h').append(run).append("v1h-").append(run)
                        .append('z');
                x += run;
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + size + ' ' + size
                + "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR code\">"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    /**
     * PNG bytes, black on white, at least {@code sizePixels} square. ZXing scales by a whole number of pixels per
     * module and centres the code, so the quiet zone may be wider than 4 modules; if {@code sizePixels} is too small
     * for one pixel per module, the image is larger than asked.
     */
    public static byte[] png(String text, int sizePixels) {
        if (sizePixels <= 0) {
            throw new IllegalArgumentException("sizePixels must be positive: " + sizePixels);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MatrixToImageWriter.writeToStream(matrix(text, sizePixels), "PNG", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    /** {@link #png} as a {@code data:} URI, for an {@code <img src>} that needs no extra request. */
    public static String pngDataUri(String text, int sizePixels) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png(text, sizePixels));
    }

    private static BitMatrix matrix(String text, int sizePixels) {
        Objects.requireNonNull(text, "text");
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.MARGIN, QUIET_ZONE_MODULES);
        // Key URIs are ASCII: no charset hint then, because it adds an ECI header some scanners choke on.
        // Other text gets UTF-8, which ZXing's ISO-8859-1 default would turn into question marks.
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        }
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, sizePixels, sizePixels, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("Text does not fit in a QR code (" + text.length() + " chars)", e);
        }
    }
}
