package io.github.mfaenroll.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.EncodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class QrCodesTest {

    private static final Path OATHTOOL = Path.of("/usr/bin/oathtool");
    private static final Path ZBARIMG = Path.of("/usr/bin/zbarimg");
    private static final TotpSecret SECRET = TotpSecret.generate(new SecureRandom());
    private static final String URI_TEXT = SECRET.otpauthUri("Acme Corp: Prod", "alice@example.com");

    @Nested
    class Png {

        @Test
        void decodesBackToTheKeyUriWithErrorCorrectionM() throws Exception {
            byte[] png = QrCodes.png(URI_TEXT, 300);

            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            Result result = decode(image);

            assertThat(image.getWidth()).isGreaterThanOrEqualTo(300);
            assertThat(result.getText()).isEqualTo(URI_TEXT);
            assertThat(result.getResultMetadata()).containsEntry(ResultMetadataType.ERROR_CORRECTION_LEVEL, "M");
        }

        @Test
        void carriesASecretThatOathtoolTurnsIntoTheSameCode() throws Exception {
            assumeTrue(Files.isExecutable(OATHTOOL), "oathtool is not installed");
            String decoded = decode(ImageIO.read(new ByteArrayInputStream(QrCodes.png(URI_TEXT, 300)))).getText();
            String secretParameter = secretParameter(decoded);

            // The key goes through stdin ("-"), not the command line, where any local user could read it.
            String oathtoolCode = run(List.of(OATHTOOL.toString(), "--totp", "-b",
                    "--now", "2026-01-01 00:00:00 UTC", "-"), secretParameter);
            String ourCode = new TotpGenerator()
                    .codeAt(TotpSecret.fromBase32(secretParameter), Instant.parse("2026-01-01T00:00:00Z"));

            assertThat(oathtoolCode).isEqualTo(ourCode).matches("\\d{6}");
        }

        @Test
        void isReadByZbarimg(@TempDir Path dir) throws Exception {
            assumeTrue(Files.isExecutable(ZBARIMG), "zbarimg is not installed");
            Path file = dir.resolve("qr.png");
            Files.write(file, QrCodes.png(URI_TEXT, 300));

            String decoded = run(List.of(ZBARIMG.toString(), "--raw", "-q", file.toString()), null);

            assertThat(decoded).isEqualTo(URI_TEXT);
        }

        @Test
        void keepsNonAsciiTextIntact() throws Exception {
            String text = "Grüße aus 東京";

            Result result = decode(ImageIO.read(new ByteArrayInputStream(QrCodes.png(text, 300))));

            assertThat(result.getText()).isEqualTo(text);
        }

        @Test
        void dataUriHoldsTheSamePng() {
            String dataUri = QrCodes.pngDataUri(URI_TEXT, 200);

            assertThat(dataUri).startsWith("data:image/png;base64,");
            assertThat(Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length())))
                    .isEqualTo(QrCodes.png(URI_TEXT, 200))
                    .startsWith(0x89, 'P', 'N', 'G');
        }

        @Test
        void rejectsANonPositiveSizeAndTextTooLongForAQrCode() {
            assertThatIllegalArgumentException().isThrownBy(() -> QrCodes.png(URI_TEXT, 0));
            assertThatIllegalArgumentException().isThrownBy(() -> QrCodes.svg("x".repeat(5000)));
        }
    }

    @Nested
    class Svg {

        @Test
        void isWellFormedXmlWithOnePathAndAViewBox() throws Exception {
            String svg = QrCodes.svg(URI_TEXT);

            Element root = parseXml(svg).getDocumentElement();

            assertThat(svg).startsWith("<svg ");
            assertThat(root.getLocalName()).isEqualTo("svg");
            assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
            assertThat(root.getAttribute("viewBox")).matches("0 0 (\\d+) \\1");
            assertThat(root.getAttribute("role")).isEqualTo("img");
            assertThat(root.getElementsByTagNameNS("*", "path").getLength()).isEqualTo(1);
        }

        @Test
        void drawsExactlyTheModulesOfZxingsMatrixInsideAFourModuleQuietZone() throws Exception {
            BitMatrix expected = zxingMatrix(URI_TEXT);

            boolean[][] drawn = rasterize(QrCodes.svg(URI_TEXT));

            int size = expected.getWidth();
            assertThat(drawn.length).isEqualTo(size);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    assertThat(drawn[y][x]).as("module (%d, %d)", x, y).isEqualTo(expected.get(x, y));
                }
            }
            for (int i = 0; i < size; i++) {
                for (int q = 0; q < 4; q++) {
                    assertThat(drawn[q][i] || drawn[size - 1 - q][i] || drawn[i][q] || drawn[i][size - 1 - q])
                            .as("quiet zone at %d, %d", i, q).isFalse();
                }
            }
        }

        @Test
        void decodesBackToTheKeyUriOnceRasterized() throws Exception {
            boolean[][] modules = rasterize(QrCodes.svg(URI_TEXT));

            Result result = decode(toImage(modules, 4));

            assertThat(result.getText()).isEqualTo(URI_TEXT);
            assertThat(result.getResultMetadata()).containsEntry(ResultMetadataType.ERROR_CORRECTION_LEVEL, "M");
        }
    }

    private static Result decode(BufferedImage image) throws NotFoundException {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE)));
    }

    private static BitMatrix zxingMatrix(String text) throws WriterException {
        return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
                EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
    }

    private static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Draws the path, which must be made only of the one-module-high runs {@code Mx yhNv1h-Nz}. */
    private static boolean[][] rasterize(String svg) throws Exception {
        Element root = parseXml(svg).getDocumentElement();
        int size = Integer.parseInt(root.getAttribute("viewBox").split(" ")[2]);
        String d = ((Element) root.getElementsByTagNameNS("*", "path").item(0)).getAttribute("d");
        boolean[][] modules = new boolean[size][size];
        Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\3z").matcher(d);
        int end = 0;
        while (run.find()) {
            assertThat(run.start()).as("path command at %d", end).isEqualTo(end);
            int x = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            Arrays.fill(modules[y], x, x + Integer.parseInt(run.group(3)), true);
            end = run.end();
        }
        assertThat(end).as("whole path parsed").isEqualTo(d.length());
        return modules;
    }

    private static BufferedImage toImage(boolean[][] modules, int pixelsPerModule) {
        int size = modules.length * pixelsPerModule;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.setRGB(x, y, modules[y / pixelsPerModule][x / pixelsPerModule] ? 0x000000 : 0xFFFFFF);
            }
        }
        return image;
    }

    private static String secretParameter(String otpauthUri) {
        return Arrays.stream(URI.create(otpauthUri).getRawQuery().split("&"))
                .filter(parameter -> parameter.startsWith("secret="))
                .map(parameter -> parameter.substring("secret=".length()))
                .findFirst()
                .orElseThrow();
    }

    /** Runs a tool and returns its stdout without the final newline; stderr (zbarimg's dbus noise) is dropped. */
    private static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.US_ASCII));
            }
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command.get(0)).isTrue();
        assertThat(process.exitValue()).as("%s exit code", command.get(0)).isZero();
        return out.strip();
    }
}
