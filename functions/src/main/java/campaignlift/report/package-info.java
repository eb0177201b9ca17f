/**
 * The self-contained HTML report of a campaign's results (docs/results.md, docs/operations.md):
 * {@link campaignlift.report.Report} (its keys and the entry point), the page and its sections
 * ({@code ReportPage}), the SVG charts ({@code Charts}), HTML escaping ({@code Html}) and number
 * formats ({@code Formats}). It reads the typed result of {@code evaluation.result}, metric labels
 * included. Pure: no I/O.
 */
package campaignlift.report;
