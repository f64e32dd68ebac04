package io.sensorflow.job.query;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * A value in millionths of its unit, as a whole number. Sums of these are exact, so an average does
 * not depend on the order in which readings arrive (floating-point sums do), and a replay, a
 * restore or another parallelism gives the very same record.
 *
 * <p>The rounding is SQL's {@code CAST(ROUND(value * 1000000, 0) AS BIGINT)} exactly: half up on
 * the shortest decimal form of the product, as Flink's {@code ROUND} computes it through {@code
 * BigDecimal}. That costs more than the whole rest of the conversion, so the product is rounded to
 * the nearest whole number directly whenever it is not within a few units in the last place of a
 * half, where both ways agree; only near a half is the decimal form consulted.
 */
public class Micros extends ScalarFunction {
    static final String NAME = "SENSORFLOW_MICROS";

    public Long eval(Double value) {
        return value == null ? null : of(value);
    }

    static long of(double value) {
        double product = value * WindowAverages.MICROS;
        double floor = Math.floor(product);
        double fraction = product - floor;
        if (Math.abs(fraction - 0.5) > 4 * Math.ulp(product)) {
            return (long) (fraction < 0.5 ? floor : floor + 1);
        }
        return BigDecimal.valueOf(product).setScale(0, RoundingMode.HALF_UP).longValue();
    }
}
