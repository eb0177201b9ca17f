/**
 * Plumbing every layer needs and none owns: daemon thread factories for the I/O pools and
 * exponential backoff with full jitter for retries. Plain Java, no AWS and no project imports, so
 * any package (and the local twin) may use it.
 */
package campaignlift.support;
