package io.sensorflow.job.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Micros} rounds exactly as SQL's {@code CAST(ROUND(value * 1000000, 0) AS BIGINT)} did in
 * Flink (half up on {@code BigDecimal.valueOf} of the product), so that sums, and with them every
 * average written before the query was rewritten, stay the same to the last bit.
 */
class MicrosTest {

    static long sqlRound(double value) {
        return BigDecimal.valueOf(value * 1_000_000L).setScale(0, RoundingMode.HALF_UP).longValue();
    }

    @Property(tries = 20_000)
    void agreesWithSqlRoundOnAnyReading(@ForAll("readingValues") double value) {
        assertThat(Micros.of(value)).isEqualTo(sqlRound(value));
    }

    @Property(tries = 20_000)
    void agreesWithSqlRoundNearHalves(@ForAll("nearHalves") double value) {
        assertThat(Micros.of(value)).isEqualTo(sqlRound(value));
    }

    @Example
    void halvesRoundAwayFromZero() {
        assertThat(Micros.of(0.0000005)).isEqualTo(1);
        assertThat(Micros.of(-0.0000005)).isEqualTo(-1);
        assertThat(Micros.of(20.1234565)).isEqualTo(sqlRound(20.1234565));
        assertThat(Micros.of(-89.9999995)).isEqualTo(sqlRound(-89.9999995));
        assertThat(Micros.of(31.5)).isEqualTo(31_500_000);
        assertThat(new Micros().eval(null)).isNull();
    }

    @Provide
    Arbitrary<Double> readingValues() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(-90, 150),
                Arbitraries.doubles().between(-90, 150).ofScale(2),
                Arbitraries.doubles().between(-90, 150).ofScale(7));
    }

    /** Values whose product lies at, or a few units in the last place from, a half. */
    @Provide
    Arbitrary<Double> nearHalves() {
        return Arbitraries.longs()
                .between(-90_000_000L, 150_000_000L)
                .flatMap(
                        micros ->
                                Arbitraries.integers()
                                        .between(-8, 8)
                                        .map(
                                                ulps -> {
                                                    double half = (micros + 0.5) / 1_000_000;
                                                    return half + ulps * Math.ulp(half);
                                                }));
    }
}
