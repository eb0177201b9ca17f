package campaignlift.stats;

/**
 * Time-to-event comparison of treatment against control (docs/statistics.md §12-15).
 *
 * @param horizonDays τ, the follow-up horizon and the RMST's upper limit
 * @param control control's curve and RMST
 * @param treatment treatment's curve and RMST
 * @param rmstDifference RMST_T − RMST_C in days, its SE, two-sided normal interval at the settings'
 *     α and z p-value; df is +∞ (normal reference)
 * @param logRank the log-rank test
 */
public record SurvivalResult(
    int horizonDays,
    ArmSurvival control,
    ArmSurvival treatment,
    TestResult rmstDifference,
    LogRankResult logRank) {}
