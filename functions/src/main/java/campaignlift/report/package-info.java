/**
 * The self-contained HTML report of a campaign's results (docs/results.md, docs/operations.md).
 * Pure: no I/O.
 */
package campaignlift.report;
