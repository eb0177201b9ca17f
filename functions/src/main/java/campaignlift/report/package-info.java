/** The self-contained HTML report of a campaign's results (SPEC §5, §7). Pure: no I/O. */
package campaignlift.report;
