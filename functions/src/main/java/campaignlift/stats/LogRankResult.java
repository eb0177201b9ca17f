package campaignlift.stats;

/**
 * The log-rank test of equal hazards (docs/statistics.md §15), with the observed and expected
 * events per arm as R's {@code survdiff} prints them.
 *
 * <p>Degenerate (no events at all, or an empty arm: no variance) gives χ² = 0, p = 1 and {@link
 * Reason#ZERO_NEGATIVE_VARIANCE}, like the engine's other default outputs.
 *
 * @param chiSquare (O_T − E_T)²/V, chi-square with 1 df
 * @param pValue upper tail of χ²₁ at {@code chiSquare}
 * @param observedControl events observed in control
 * @param expectedControl events expected in control under equal hazards
 * @param observedTreatment events observed in treatment
 * @param expectedTreatment events expected in treatment under equal hazards
 * @param reason {@link Reason#NONE}, or why the default output was returned
 */
public record LogRankResult(
    double chiSquare,
    double pValue,
    double observedControl,
    double expectedControl,
    double observedTreatment,
    double expectedTreatment,
    Reason reason) {}
