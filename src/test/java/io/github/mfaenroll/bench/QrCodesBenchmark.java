package io.github.mfaenroll.bench;

import io.github.mfaenroll.totp.QrCodes;
import io.github.mfaenroll.totp.TotpSecret;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The QR code of the scan page (ZXing, {@link QrCodes}): the PNG data URI the page embeds, at the page's size, and
 * the SVG form, for the same otpauth URI as a real enrollment carries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QrCodesBenchmark {

    /** The scan page's size (EnrollmentController.QR_PIXELS). */
    private static final int PAGE_PIXELS = 280;

    private String otpauthUri;

    @Setup
    public void setUp() {
        otpauthUri = TotpSecret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
                .otpauthUri("AWS demo-corp", "alice@123456789012");
    }

    @Benchmark
    public String pngDataUriForTheScanPage() {
        return QrCodes.pngDataUri(otpauthUri, PAGE_PIXELS);
    }

    @Benchmark
    public String svg() {
        return QrCodes.svg(otpauthUri);
    }
}
