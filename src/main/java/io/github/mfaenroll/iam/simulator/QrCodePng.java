package io.github.mfaenroll.iam.simulator;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code QRCodePNG} of CreateVirtualMFADevice: a real QR code of an {@code otpauth://} URI, so a person
 * trying demo mode with a phone, or a test with {@code zbarimg}, gets what IAM would give. The app renders its
 * own QR (with an issuer) and never shows this one.
 *
 * <p>AWS's URI has a label {@code Amazon Web Services:NAME@ACCOUNT} and no {@code issuer} parameter (which is why
 * the app renders its own); the exact label is our reading of what authenticator apps display for AWS.
 */
final class QrCodePng {

    private static final int SIZE = 200;

    private QrCodePng() {
    }

    static byte[] render(String deviceName, String accountLabel, String base32Seed) {
        String label = encode("Amazon Web Services:" + deviceName + "@" + accountLabel);
        String uri = "otpauth://totp/" + label + "?secret=" + base32Seed;
        try {
            BitMatrix matrix = new QRCodeWriter().encode(uri, BarcodeFormat.QR_CODE, SIZE, SIZE,
                    Map.of(EncodeHintType.MARGIN, 2));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", png);
            return png.toByteArray();
        } catch (WriterException e) {
            throw new IllegalStateException("QR encoding failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
