/**
 * The self-contained HTML report of a campaign's results (docs/results.md, docs/operations.md):
 * {@link campaignlift.report.Report} (its keys and the entry point), the page and its sections
 * ({@code ReportPage}), the SVG charts ({@code Charts}, and {@code SurvivalChart} for the
 * Kaplan–Meier curves), HTML escaping ({@code Html}), number formats ({@code Formats}) and each
 * metric's unit and good direction ({@code MetricFormats}). It reads the typed result of {@code
 * evaluation.result}, metric labels included. Pure: no I/O.
 */
package campaignlift.report;
